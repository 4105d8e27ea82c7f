import { readFileSync } from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { LOGINS } from "./fixtures";

export const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE = `http://localhost:${PORT}`;

type ManifestEntry = { workers: Record<string, unknown>; filename: string; exportedName: string };

/** Server-action ids from the production build, so tests can POST to actions directly like an attacker would. */
export function actionRef(filename: string, exportedName: string): { id: string; page: string } {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(readFileSync(path.join(dist, "server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, ManifestEntry>;
  };
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename === filename && entry.exportedName === exportedName) {
      const workers = Object.keys(entry.workers).sort((a, b) => Number(a.includes("[")) - Number(b.includes("[")));
      const worker = workers[0] ?? "app/page";
      const page =
        worker
          .replace(/^app/, "")
          .replace(/\/page$/, "")
          .replace(/\/\([^)]+\)/g, "")
          .replace(/\[[^\]]+\]/g, "x") || "/";
      return { id, page };
    }
  }
  throw new Error(`no server action ${filename}#${exportedName} in the build`);
}

export type ActionCall = { status: number; body: string; code: string | null };

/**
 * The multipart body React's client sends when an action's last argument is a FormData
 * (`<form action>` and useActionState): the argument list at "0" refers to the form as
 * "$K1", whose fields travel as "_1_<name>".
 */
export function formDataBody(argsBefore: unknown[], form: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = { "0": JSON.stringify([...argsBefore, "$K1"]) };
  for (const [name, value] of Object.entries(form)) fields[`_1_${name}`] = value;
  return fields;
}

/**
 * POSTs a server action the way React's client does (Next-Action header, args as a JSON
 * array) and reads the ActionResult's error code out of the flight response.
 */
export async function callAction(
  ctx: APIRequestContext,
  ref: { id: string; page: string },
  args: unknown[],
  opts: { headers?: Record<string, string>; path?: string; body?: string; form?: Record<string, string> } = {},
): Promise<ActionCall> {
  const res = await ctx.post(opts.path ?? ref.page, {
    headers: {
      "Next-Action": ref.id,
      ...(opts.form ? {} : { "Content-Type": "text/plain;charset=UTF-8" }),
      Accept: "text/x-component",
      Origin: BASE,
      ...opts.headers,
    },
    ...(opts.form ? { multipart: formDataBody(args, opts.form) } : { data: opts.body ?? JSON.stringify(args) }),
    maxRedirects: 0,
  });
  const body = await res.text();
  const m = /"ok":(true|false)(?:,"error":\{"code":"([A-Z_]+)")?/.exec(body);
  return { status: res.status(), body, code: m ? (m[1] === "true" ? "OK" : (m[2] ?? "ERROR")) : null };
}

/** A request context signed in through next-auth's own endpoints (CSRF token + credentials). */
export async function signedInContext(
  who: keyof typeof LOGINS | { email: string; password: string },
): Promise<APIRequestContext> {
  const creds = typeof who === "string" ? LOGINS[who] : who;
  const ctx = await playwrightRequest.newContext({ baseURL: BASE });
  const csrf = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    headers: { Origin: BASE },
    form: { csrfToken: csrf.csrfToken, email: creds.email, password: creds.password, json: "true" },
    maxRedirects: 0,
  });
  const cookies = (await ctx.storageState()).cookies.map((c) => c.name);
  if (!cookies.some((n) => n.endsWith("next-auth.session-token")))
    throw new Error(`sign-in failed for ${creds.email} (${res.status()})`);
  return ctx;
}

export async function anonContext(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: BASE });
}
