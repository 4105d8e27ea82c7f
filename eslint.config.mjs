import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

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

export default config;
