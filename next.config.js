/** @type {import('next').NextConfig} */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
  // proxy.ts sets HSTS too, but its matcher skips build assets (/_next/static…); this covers
  // every response. Same value as lib/http/csp.ts (baseSecurityHeaders).
  ...(process.env.NODE_ENV === "production"
    ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
    : []),
];

const nextConfig = {
  // NEXT_DIST_DIR lets several checkouts' worth of builds coexist (parallel development,
  // e2e runs on different ports); the default is Next's own.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  // The build type-checks the app only; tests and scripts are type-checked by
  // `npm run typecheck`, which npm test runs first.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  poweredByHeader: false,
  // forbidden() from next/navigation: a signed-in user opening a screen their role may not
  // use gets a real 403 (app/forbidden.tsx), not a 200 page saying no.
  // proxyClientMaxBodySize: proxy.ts makes Next buffer request bodies, by default only the
  // first 10 MB (the rest silently dropped). The wire upload takes 50 MB and counts them
  // itself (app/api/desk/wire/import/route.ts); one more MB lets it see a bigger body as too big.
  experimental: { authInterrupts: true, proxyClientMaxBodySize: "51mb" },
  // Native and WebAssembly packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@electric-sql/pglite", "@prisma/adapter-pg", "compromise"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
