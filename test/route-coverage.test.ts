import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COVERAGE } from "./authz-coverage";

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

  it("finds the endpoints it should (the scanner itself works)", async () => {
    const { endpoints } = await discoverEndpoints();
    expect(endpoints).toContain("app/desk/stories/actions.ts#saveStoryAction");
    expect(endpoints).toContain("app/api/desk/wire/import/route.ts POST");
    expect(exportedNames(`export { handler as GET, handler as POST };`)).toEqual(["GET", "POST"]);
  });
});
