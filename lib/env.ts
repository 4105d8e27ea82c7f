import { z } from "zod";

/**
 * The only reader of process.env. Validated once, lazily, so that importing a module
 * never throws at build time; the first real use fails with a clear message.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (npm start sets it for the embedded database)"),
  // 1 against the embedded PGlite (single connection); 10 against a real Postgres.
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.url().optional(),
  SITE_NAME: z.string().default("The Wiredesk Times"),
  SITE_URL: z.url().optional(),
  WIREDESK_EMBEDDED: z.enum(["0", "1"]).default("0"),
  // Session lifetimes (minutes).
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .default(12 * 60),
  // Comma-separated proxy addresses whose X-Forwarded-For is trusted.
  TRUSTED_PROXIES: z.string().default(""),
  // Front caches (Varnish, …) to purge by key after every public change: comma-separated base
  // URLs (lib/public/front-cache.ts). Empty: no front cache, only the in-process one.
  WIREDESK_FRONT_CACHES: z
    .string()
    .default("")
    .refine((v) => v.split(/[\s,]+/).every((u) => u === "" || URL.canParse(u)), "a comma-separated list of URLs"),
  // Ingest (lib/jobs, lib/wire/fetch-feed.ts, lib/wire/zip.ts).
  // "0" keeps this process from running the background worker (it still enqueues jobs).
  WIREDESK_WORKER: z.enum(["0", "1"]).default("1"),
  // How often an idle worker looks for due jobs; scheduled publishing is on time within this.
  WIREDESK_JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  // Comma-separated feed hosts allowed to resolve to loopback/private addresses.
  WIREDESK_FEED_ALLOW_HOSTS: z.string().default(""),
  WIREDESK_FEED_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  WIREDESK_FEED_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  WIREDESK_ZIP_MAX_ENTRIES: z.coerce.number().int().positive().default(5_000),
  WIREDESK_ZIP_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(500 * 1024 * 1024),
  // Optional SMTP for invite and password-reset mail (smtp://user:pass@host:587); without
  // it the admin is shown the link to pass on.
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Wiredesk <no-reply@localhost>"),
  // Password for scripts/user.ts when no terminal is attached.
  WIREDESK_NEW_PASSWORD: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid environment:\n${lines.join("\n")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** The secret next-auth signs session tokens with. Required outside development/test. */
export function authSecret(): string {
  const e = env();
  if (e.NEXTAUTH_SECRET) return e.NEXTAUTH_SECRET;
  if (e.NODE_ENV === "production") {
    throw new Error("NEXTAUTH_SECRET is required in production (npm start generates one for the embedded demo)");
  }
  return "wiredesk-development-secret-not-for-production";
}

export function siteUrl(): string {
  const e = env();
  return (e.SITE_URL ?? e.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
}
