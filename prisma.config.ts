import { defineConfig } from "prisma/config";

// The Prisma CLI is used here only for `prisma generate`. Migrations are created and
// applied by scripts/db.ts (Prisma's schema engine in WebAssembly), which works offline.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
