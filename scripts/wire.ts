/**
 * Wire CLI.
 *
 *   tsx scripts/wire.ts parse <file|dir>...
 *   tsx scripts/wire.ts import [--as <email>] [--json] <file|dir|zip>...
 *
 * `parse` prints ONE JSON array (2-space indent) with an element per item found: a
 * NormalizedItem, or { source, error: { code, message } } for a file that could not be
 * parsed. Files come in argument order; directories are walked recursively in sorted
 * order (dotfiles skipped). Exit 0 unless no input could be read at all (then 1).
 *
 * `import` stores the files in the database (see scripts/wire-import-cli.ts): a progress
 * bar on stderr, a summary on stdout (or every per-file report as JSON with --json).
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ParseResult } from "../lib/wire/normalized";
import { parseWireFile } from "../lib/wire/parse";

const USAGE = `usage: tsx scripts/wire.ts <command> [args]

commands:
  parse <file|dir>...   parse wire files and print the normalized items as JSON
  import [--as <email>] [--json] <file|dir|zip>...
                        import wire files (zip archives are unpacked) into the database:
                        DATABASE_URL, or the embedded database in .data/ when it is unset.
                        Acts as --as <email> (default: the first active admin); audited.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case "parse":
      return runParse(args);
    case "import": {
      const { runImport } = await import("./wire-import-cli");
      return runImport(args, { listFiles, usage: USAGE });
    }
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(command ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
      return 2;
  }
}

async function runParse(paths: string[]): Promise<number> {
  if (paths.length === 0) {
    process.stderr.write(`parse: give at least one file or directory\n\n${USAGE}`);
    return 2;
  }
  const results: ParseResult[] = [];
  let read = 0;
  for (const path of paths) {
    for (const file of await listFiles(path)) {
      try {
        results.push(...(await parseWireFile(file)));
        read++;
      } catch (e) {
        process.stderr.write(`${file}: cannot read: ${(e as Error).message}\n`);
      }
    }
  }
  process.stdout.write(JSON.stringify(results, null, 2) + "\n");
  if (read === 0) {
    process.stderr.write("parse: no input could be read\n");
    return 1;
  }
  return 0;
}

/** The file itself, or every file below a directory in sorted order. Unreadable paths are reported and skipped. */
async function listFiles(path: string): Promise<string[]> {
  try {
    const info = await stat(path);
    if (!info.isDirectory()) return [path];
    const entries = (await readdir(path, { withFileTypes: true }))
      .filter((e) => !e.name.startsWith("."))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const files: string[] = [];
    for (const e of entries) files.push(...(await listFiles(join(path, e.name))));
    return files;
  } catch (e) {
    process.stderr.write(`${path}: cannot read: ${(e as Error).message}\n`);
    return [];
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`wire: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
