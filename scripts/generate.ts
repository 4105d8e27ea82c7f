// `prisma generate` that works offline, for `npm start`, `postinstall` and `pretest`.
//
//   tsx scripts/generate.ts           generate the client (always)
//   tsx scripts/generate.ts --if-stale  only when lib/db/generated is missing or older than the schema
//
// The Prisma CLI insists on a schema-engine binary path even for `generate`, which does
// not use it (it works through WebAssembly); without one it tries to download it and
// fails offline. Any existing executable satisfies the check, so we hand it Node's own.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCHEMA = path.join(ROOT, "prisma/schema.prisma");
// Written last-but-not-least by the generator; its age stands for the whole folder.
const GENERATED_MARKER = path.join(ROOT, "lib/db/generated/client.ts");

async function mtimeMs(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** True when lib/db/generated is missing or older than prisma/schema.prisma. */
export async function isPrismaClientStale(): Promise<boolean> {
  const [generated, schema] = await Promise.all([mtimeMs(GENERATED_MARKER), mtimeMs(SCHEMA)]);
  if (generated === undefined) return true;
  return schema !== undefined && schema > generated;
}

/** Runs `prisma generate` in the project root; rejects when it fails. */
export async function generatePrismaClient(): Promise<void> {
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build/index.js");
  const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: engine && existsSync(engine) ? engine : process.execPath,
    // No update check or telemetry: there is no internet here, and waiting for it is slow.
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "generate"], { cwd: ROOT, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`prisma generate failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** Generates only when needed; returns whether it ran. */
export async function generatePrismaClientIfStale(): Promise<boolean> {
  if (!(await isPrismaClientStale())) return false;
  await generatePrismaClient();
  return true;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const onlyIfStale = process.argv.includes("--if-stale");
  try {
    if (onlyIfStale) {
      if (!(await generatePrismaClientIfStale())) console.log("Prisma client is up to date.");
    } else {
      await generatePrismaClient();
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
