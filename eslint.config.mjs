import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";
import { readFileSync } from "node:fs";

// Prisma's model delegates (`tx.story`, `db().wireItem`, …), read from the schema so a new
// model is covered the day it is added.
const prismaDelegates = [...readFileSync(new URL("./prisma/schema.prisma", import.meta.url), "utf8").matchAll(/^model\s+(\w+)/gm)]
  .map(([, name]) => name[0].toLowerCase() + name.slice(1))
  .join("|");
if (!prismaDelegates) throw new Error("eslint.config.mjs: no models found in prisma/schema.prisma");
const prismaMethods =
  "findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany|count|aggregate|groupBy";
const prismaCallMessage =
  "Only lib/db talks to Prisma: move this query into a lib/db function (named for what it reads or writes) and call that.";

const config = [
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-*/**",
      ".data/**",
      "lib/db/generated/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "coverage/**",
      // Fixtures whose bytes are the test: never linted or rewritten.
      "test/fixtures/**",
      "prisma/seed-data/**",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Type-aware rules that catch real bugs: a forgotten await loses errors and ordering.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Layering: only lib/db (and the seed/factories that build data) may import Prisma.
    files: ["app/**", "components/**", "lib/services/**", "lib/auth/**", "lib/authz/**", "lib/wire/**", "lib/editor/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@prisma/*", "**/db/generated/*", "@/lib/db/generated/client"],
              message: "Only lib/db talks to Prisma; call a lib/db function.",
            },
          ],
        },
      ],
    },
  },
];

config.push(
  {
    // Layering, on calls: a Prisma client or transaction passed into these layers may only be
    // handed on to lib/db functions, never queried here (`tx.story.findUnique`, `db().user…`,
    // `tx.$queryRaw`). Imports alone cannot catch this: `Tx` comes from lib/db/client.
    files: [
      "app/**",
      "components/**",
      "lib/services/**",
      "lib/auth/**",
      "lib/authz/**",
      "lib/public/**",
      "lib/wire/**",
      "lib/editor/**",
    ],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: `MemberExpression[object.type='MemberExpression'][object.property.name=/^(${prismaDelegates})$/][property.name=/^(${prismaMethods})$/]`,
          message: prismaCallMessage,
        },
        {
          selector:
            "MemberExpression[property.name=/^\\$(queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe|transaction|runCommandRaw)$/]",
          message: prismaCallMessage,
        },
      ],
    },
  },
  {
    // Desk pages, desk route handlers and desk components read through services (which
    // check permissions), never lib/db directly. Types from lib/db are fine.
    files: ["app/desk/**", "app/api/desk/**", "components/desk/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/db/*", "**/lib/db/*"],
              allowTypeImports: true,
              message: "Desk code reads through lib/services (authorization lives there); import only types from lib/db.",
            },
          ],
        },
      ],
    },
  },
);

export default config;
