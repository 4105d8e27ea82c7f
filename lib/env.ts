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
  SESSION_ABSOLUTE_MINUTES: z.coerce.number().int().positive().default(12 * 60),
  // Comma-separated proxy addresses whose X-Forwarded-For is trusted.
  TRUSTED_PROXIES: z.string().default(""),
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
