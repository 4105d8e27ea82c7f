import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COVERAGE, matrixProblems, type CoverageEntry, type Expect, type MatrixRow, type Who } from "./authz-coverage";

const ROOT = path.resolve(import.meta.dirname, "..");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(p)));
    else if (/\.(ts|tsx|js|jsx|mjs)$/.test(entry.name)) out.push(p);
  }
  return out;
}

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** Names a module exports: functions, consts, `export { a as b }` lists. */
function exportedNames(src: string): string[] {
  const names = new Set<string>();
  for (const m of src.matchAll(/export\s+(?:async\s+)?function\s*\*?\s*([A-Za-z0-9_$]+)/g)) names.add(m[1]!);
  for (const m of src.matchAll(/export\s+(?:const|let|var)\s+([A-Za-z0-9_$]+)/g)) names.add(m[1]!);
  for (const m of src.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.add(name);
    }
  }
  if (/export\s+default\b/.test(src)) names.add("default");
  return [...names];
}

/** Every endpoint in app/ (and any "use server" module elsewhere): what the browser can call. */
async function discoverEndpoints() {
  const files = [
    ...(await walk(path.join(ROOT, "app"))),
    ...(await walk(path.join(ROOT, "components"))),
    ...(await walk(path.join(ROOT, "lib"))),
  ];
  const endpoints: string[] = [];
  const inline: string[] = [];
  for (const file of files) {
    if (file.includes(`${path.sep}generated${path.sep}`)) continue;
    const rel = path.relative(ROOT, file).split(path.sep).join("/");
    const src = stripComments(await readFile(file, "utf8"));
    const moduleLevel = /^\s*(["'])use server\1/.test(src);
    if (moduleLevel) {
      for (const name of exportedNames(src)) endpoints.push(`${rel}#${name}`);
    } else if (/(["'])use server\1/.test(src)) {
      inline.push(rel);
    }
    if (/(^|\/)route\.(ts|js|tsx|jsx|mjs)$/.test(rel) && rel.startsWith("app/")) {
      for (const name of exportedNames(src)) if (HTTP_METHODS.includes(name)) endpoints.push(`${rel} ${name}`);
    }
  }
  return { endpoints: endpoints.sort(), inline };
}

/** `app/(public)/tags/[slug]/feed.xml/route.ts` → a pattern for `/tags/<anything>/feed.xml` in a spec. */
export function routeUrlPattern(routeFile: string): RegExp {
  const segments = routeFile
    .replace(/^app\//, "")
    .replace(/\/?route\.(ts|tsx|js|jsx|mjs)$/, "")
    .split("/")
    .filter((seg) => seg && !/^\(.*\)$/.test(seg));
  const body = segments
    .map((seg) =>
      /^\[\.\.\.[^\]]+\]$/.test(seg)
        ? "[^\\s\"'`]+"
        : /^\[[^\]]+\]$/.test(seg)
          ? "[^/\\s\"'`]+"
          : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  // Starts a string (or follows the BASE url) and ends at a boundary, so `/feed.xml` is not
  // found inside `/tags/x/feed.xml` nor `/api/x` inside `/api/xy`.
  return new RegExp(`(?:["'\`]|BASE\\}|localhost:\\d+)/${body}(?![\\w.-])`);
}

const withoutImports = (src: string) => stripComments(src).replace(/^import[\s\S]*?from\s+["'][^"']+["'];?$/gm, "");

/** A module's code plus the code of the components it imports (one level), imports left out. */
async function renderedCode(file: string): Promise<string> {
  const src = await readFile(file, "utf8");
  const parts = [withoutImports(src)];
  for (const m of src.matchAll(/from\s+["']((?:\.{1,2}|@\/components)\/[^"']+)["']/g)) {
    const base = m[1]!.startsWith("@/") ? path.join(ROOT, m[1]!.slice(2)) : path.resolve(path.dirname(file), m[1]!);
    for (const candidate of [`${base}.tsx`, `${base}.ts`]) {
      const text = await readFile(candidate, "utf8").catch(() => null);
      if (text !== null) {
        parts.push(withoutImports(text));
        break;
      }
    }
  }
  return parts.join("\n");
}

/** Files in app/ and components/ (other than `ownFile`) whose code matches `pattern`. */
async function filesUsing(pattern: RegExp, ownFile: string): Promise<string[]> {
  const files = [...(await walk(path.join(ROOT, "app"))), ...(await walk(path.join(ROOT, "components")))];
  const out: string[] = [];
  for (const file of files) {
    if (path.relative(ROOT, file).split(path.sep).join("/") === ownFile) continue;
    if (pattern.test(stripComments(await readFile(file, "utf8")))) out.push(file);
  }
  return out;
}

/**
 * Why `specCode` does not request `entry`'s endpoint, or null when it does. The rule is the
 * one documented on CoverageEntry.http: a route handler's URL path or a server action's
 * exported name is in the spec; or the entry's `ui` text is in the spec and in a component
 * that calls the endpoint (names the action, or fetches the route's URL).
 */
export async function whyNotRequested(entry: CoverageEntry, specCode: string): Promise<string | null> {
  const isAction = entry.endpoint.includes("#");
  const [file, name] = (isAction ? entry.endpoint.split("#") : entry.endpoint.split(" ")) as [string, string];
  const direct = isAction ? new RegExp(`\\b${name}\\b`) : routeUrlPattern(file);
  if (direct.test(specCode)) return null;
  const what = isAction ? `names no ${name}` : `requests no URL matching ${direct}`;
  if (!entry.ui) return `${what} and the entry gives no \`ui\` text`;
  if (entry.ui.trim().length < 6) return `${what}; ui text "${entry.ui}" is too short to mean anything`;
  if (!specCode.includes(entry.ui)) return `${what} nor uses its ui text "${entry.ui}"`;
  const callers = await filesUsing(
    isAction ? direct : new RegExp(routeUrlPattern(file).source.replace(/^\(\?:[^)]*\)/, "")),
    file,
  );
  for (const caller of callers) if ((await renderedCode(caller)).includes(entry.ui)) return null;
  return `ui text "${entry.ui}" is not in any component that calls it (${callers.map((c) => path.relative(ROOT, c)).join(", ") || "none"})`;
}

/** Names lib/services exports (the functions an endpoint may list as its services). */
async function serviceExports(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const file of await walk(path.join(ROOT, "lib/services"))) {
    if (/\.test\.tsx?$/.test(file)) continue;
    for (const name of exportedNames(stripComments(await readFile(file, "utf8")))) names.add(name);
  }
  return names;
}

describe("authorization coverage", () => {
  it("every server action and route handler is listed in test/authz-coverage.ts", async () => {
    const { endpoints } = await discoverEndpoints();
    const listed = new Set(COVERAGE.map((c) => c.endpoint));
    const missing = endpoints.filter((e) => !listed.has(e));
    expect(missing, "endpoints without an authorization decision and matrix tests; add them to test/authz-coverage.ts").toEqual(
      [],
    );
  });

  it("lists no endpoint that no longer exists", async () => {
    const { endpoints } = await discoverEndpoints();
    const found = new Set(endpoints);
    expect(COVERAGE.map((c) => c.endpoint).filter((e) => !found.has(e))).toEqual([]);
  });

  it("has no inline server actions (they would hide from this check)", async () => {
    const { inline } = await discoverEndpoints();
    expect(inline, 'put server actions in a module that starts with "use server"').toEqual([]);
  });

  it("names at least one HTTP-level spec that exists for every endpoint", async () => {
    const specs = new Set((await readdir(path.join(ROOT, "e2e"))).map((f) => `e2e/${f}`));
    for (const entry of COVERAGE) {
      expect(entry.http.length, entry.endpoint).toBeGreaterThan(0);
      for (const spec of entry.http) expect(specs.has(spec), `${entry.endpoint} → ${spec}`).toBe(true);
    }
  });

  it("every listed spec requests its endpoint (by URL, action name, or the UI control that calls it)", async () => {
    const problems: string[] = [];
    for (const entry of COVERAGE) {
      for (const spec of entry.http) {
        const code = stripComments(await readFile(path.join(ROOT, spec), "utf8"));
        const why = await whyNotRequested(entry, code);
        if (why) problems.push(`${entry.endpoint} → ${spec}: ${why}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every endpoint names the services it calls, or records why it calls none", async () => {
    const exported = await serviceExports();
    const problems: string[] = [];
    for (const entry of COVERAGE) {
      if (entry.services.length === 0 && !entry.noService?.trim())
        problems.push(`${entry.endpoint}: no service and no noService reason`);
      if (entry.services.length > 0 && entry.noService !== undefined)
        problems.push(`${entry.endpoint}: services and noService both given`);
      for (const s of entry.services) if (!exported.has(s)) problems.push(`${entry.endpoint}: lib/services exports no ${s}`);
    }
    expect(problems).toEqual([]);
  });

  it("the matrix cross-check (run against the real matrix in authz-matrix.int.test.ts) catches a wrong or missing row", () => {
    const row = (...cells: Expect[]) =>
      Object.fromEntries(
        (["anon", "reporter", "editor", "admin", "deactivated", "demoted"] as Who[]).map((w, i) => [w, cells[i]!]),
      ) as Record<Who, Expect>;
    const entry: CoverageEntry = {
      endpoint: "app/x/actions.ts#publishAction",
      guard: { kind: "permission", permission: "story.publish" },
      services: ["publishIt"],
      http: [],
    };
    const good: MatrixRow = { action: "publish", services: ["publishIt"], expect: row(401, 403, "ok", "ok", 401, 403) };
    expect(matrixProblems([entry], [good])).toEqual([]);
    // A reporter allowed, an editor refused, a deactivated user 403 instead of 401, no row at all.
    for (const bad of [
      row(401, "ok", "ok", "ok", 401, 403),
      row(401, 403, 403, "ok", 401, 403),
      row(401, 403, "ok", "ok", 403, 403),
    ])
      expect(matrixProblems([entry], [{ ...good, expect: bad }])).toHaveLength(1);
    expect(matrixProblems([entry], [])).toEqual(["app/x/actions.ts#publishAction: publishIt has no matrix row"]);
    // Signed-in guards: every role allowed, no session 401.
    const signedIn = { ...entry, guard: { kind: "signed-in" } as const };
    expect(matrixProblems([signedIn], [good])).toHaveLength(1);
    expect(matrixProblems([signedIn], [{ ...good, expect: row(401, "ok", "ok", "ok", 401, "ok") }])).toEqual([]);
    // A public endpoint naming a service without a dedicated test.
    expect(matrixProblems([{ ...entry, guard: { kind: "public" } }], [good])).toHaveLength(1);
  });

  it("the spec rule itself works (route URLs, action names, ui text)", async () => {
    const route = routeUrlPattern("app/(public)/tags/[slug]/feed.xml/route.ts");
    expect(route.test("page.goto(`/tags/${slug}/feed.xml`)")).toBe(true);
    expect(route.test('get("/tags/feed.xml")')).toBe(false);
    expect(routeUrlPattern("app/(public)/feed.xml/route.ts").test("get(`/tags/${slug}/feed.xml`)")).toBe(false);
    expect(routeUrlPattern("app/api/desk/wire/import/route.ts").test('post("/api/desk/wire/importer")')).toBe(false);
    expect(routeUrlPattern("app/api/auth/[...nextauth]/route.ts").test('get("/api/auth/csrf")')).toBe(true);
    const action: CoverageEntry = {
      endpoint: "app/desk/stories/actions.ts#takeOverLockAction",
      guard: { kind: "permission", permission: "story.lock.takeover" },
      services: ["takeOverStoryLock"],
      http: [],
    };
    expect(await whyNotRequested(action, "callAction(api, actionRef(f, 'takeOverLockAction'), [])")).toBeNull();
    expect(await whyNotRequested(action, "page.getByRole('button', { name: 'Take over editing' })")).not.toBeNull();
    expect(
      await whyNotRequested({ ...action, ui: "Take over editing" }, "getByRole('button', { name: 'Take over editing' })"),
    ).toBeNull();
    expect(
      await whyNotRequested({ ...action, ui: "Sign out everywhere" }, "getByRole('button', { name: 'Sign out everywhere' })"),
    ).toMatch(/not in any component/);
  });

  it("finds the endpoints it should (the scanner itself works)", async () => {
    const { endpoints } = await discoverEndpoints();
    expect(endpoints).toContain("app/desk/stories/actions.ts#saveStoryAction");
    expect(endpoints).toContain("app/api/desk/wire/import/route.ts POST");
    expect(exportedNames(`export { handler as GET, handler as POST };`)).toEqual(["GET", "POST"]);
  });
});
