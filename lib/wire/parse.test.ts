import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { WireAdapter } from "./adapter";
import { ADAPTERS, detectAdapter } from "./detect";
import {
  isParseFailure,
  normalizedItemSchema,
  WireParseError,
  type NormalizedItem,
  type ParseFailure,
  type ParseResult,
} from "./normalized";
import { parseWireBytes, parseWireFile } from "./parse";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(ROOT, "test/fixtures/wire");
const RECEIVED = new Date("2026-11-27T12:00:00Z");

const fixtureBytes = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));
const parseFixture = (path: string) => parseWireBytes(fixtureBytes(path), path, { receivedAt: RECEIVED });

function onlyFailure(results: ParseResult[]): ParseFailure {
  expect(results).toHaveLength(1);
  const [r] = results;
  if (!r || !isParseFailure(r)) throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
  return r;
}

function onlyItem(results: ParseResult[]): NormalizedItem {
  expect(results).toHaveLength(1);
  const [r] = results;
  if (!r || isParseFailure(r)) throw new Error(`expected an item, got ${JSON.stringify(r)}`);
  return r;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
}

describe("parseWireBytes", () => {
  it("parses every plain-text fixture into one schema-valid item", () => {
    for (const dir of ["plaintext", "plaintext-extra"]) {
      for (const file of readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith(".txt"))) {
        const item = onlyItem(parseFixture(`${dir}/${file}`));
        expect(normalizedItemSchema.safeParse(item).success).toBe(true);
        expect(item.source).toBe(`${dir}/${file}`);
        expect(item.format).toBe("plaintext");
      }
    }
  });

  it("passes the source and received date through", () => {
    const item = onlyItem(parseFixture("plaintext/reuters-kestrel-outlook-2026-11-03.txt"));
    expect(item.dateline.date).toBe("2026-11-03T00:00:00.000Z");
    const other = onlyItem(
      parseWireBytes(fixtureBytes("plaintext/reuters-kestrel-outlook-2026-11-03.txt"), "feed://x", {
        receivedAt: new Date("2025-11-05T00:00:00Z"),
      }),
    );
    expect(other.source).toBe("feed://x");
    expect(other.dateline.date).toBe("2025-11-03T00:00:00.000Z");
  });

  it("rejects bad input with a code and a message, never throwing", () => {
    expect(onlyFailure(parseFixture("bad/random-bytes.txt"))).toEqual({
      source: "bad/random-bytes.txt",
      error: { code: "BINARY", message: "the file looks like binary data, not text: it contains NUL bytes (first at offset 0)" },
    });
    expect(onlyFailure(parseFixture("bad/empty.xml")).error.code).toBe("EMPTY");
    expect(onlyFailure(parseFixture("bad/no-dateline-no-date.txt")).error).toMatchObject({
      code: "NO_CONTENT",
      message: expect.stringMatching(/^no dateline or headline found: /),
    });
    expect(onlyFailure(parseFixture("bad/latin1-declared-utf8-nitf.xml")).error).toMatchObject({
      code: "ENCODING",
      message: expect.stringMatching(/^declared UTF-8 but byte 0xF6 at offset \d+/),
    });
  });

  it("does not crash on any fixture, and every result is a failure or a schema-valid item", () => {
    for (const file of walk(FIXTURES)) {
      const results = parseWireBytes(new Uint8Array(readFileSync(file)), file, { receivedAt: RECEIVED });
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) {
        if (isParseFailure(r)) expect(r.error.message.length).toBeGreaterThan(10);
        else expect(normalizedItemSchema.safeParse(r).success).toBe(true);
      }
    }
  });

  it("never imports the hostile or broken fixtures", () => {
    for (const file of [
      "bad/billion-laughs.xml",
      "bad/xxe-external-entity-nitf.xml",
      "bad/truncated-nitf.xml",
      "bad/not-ninjs-geojson.json",
    ]) {
      const results = parseFixture(file);
      expect(results.every(isParseFailure), file).toBe(true);
      expect(JSON.stringify(results)).not.toContain("root:x:0:0");
    }
  });

  it("refuses input over the size limit before decoding", () => {
    const failure = onlyFailure(parseWireBytes(new Uint8Array(2048), "big.bin", { maxBytes: 1024 }));
    expect(failure.error.code).toBe("TOO_LARGE");
    expect(failure.error.message).toBe("the file has 2048 bytes, more than the limit of 1024 bytes (1 KB)");
    // The default limit is 20 MB.
    const big = new Uint8Array(20 * 1024 * 1024 + 1).fill(0x41);
    expect(onlyFailure(parseWireBytes(big, "big.txt")).error.message).toBe(
      "the file has 20971521 bytes, more than the limit of 20971520 bytes (20 MB)",
    );
  });
});

describe("parseWireBytes with a misbehaving adapter", () => {
  const fake = (parse: WireAdapter["parse"]): WireAdapter => ({
    format: "ninjs-2",
    sniff: (input) => input.text.startsWith("FAKE"),
    parse,
  });
  const added: WireAdapter[] = [];
  const register = (a: WireAdapter) => {
    ADAPTERS.unshift(a);
    added.push(a);
  };
  afterEach(() => {
    for (const a of added.splice(0)) ADAPTERS.splice(ADAPTERS.indexOf(a), 1);
  });

  it("turns a schema violation into a SCHEMA failure naming the field", () => {
    const good = onlyItem(parseFixture("plaintext/dpa-afx-honduras-2019-08-28.txt"));
    register(fake(() => [good, { ...good, guid: "", version: -1 }]));
    const results = parseWireBytes(new TextEncoder().encode("FAKE"), "fake.json");
    expect(results).toHaveLength(2);
    expect(isParseFailure(results[0]!)).toBe(false);
    expect(results[1]).toEqual({
      source: "fake.json",
      error: {
        code: "SCHEMA",
        message: expect.stringMatching(/^item 2 does not fit the normalized schema: guid: .*; version: /),
      },
    });
  });

  it("turns an adapter crash into a MALFORMED failure", () => {
    register(
      fake(() => {
        throw new TypeError("Cannot read properties of undefined (reading 'value')");
      }),
    );
    expect(onlyFailure(parseWireBytes(new TextEncoder().encode("FAKE"), "fake.json")).error).toEqual({
      code: "MALFORMED",
      message: "could not read the file as ninjs-2: Cannot read properties of undefined (reading 'value')",
    });
  });

  it("reports an adapter that finds no items", () => {
    register(fake(() => []));
    expect(onlyFailure(parseWireBytes(new TextEncoder().encode("FAKE"), "fake.json")).error.code).toBe("NO_CONTENT");
  });
});

describe("detectAdapter", () => {
  const input = (text: string) => ({ source: "x", text, receivedAt: RECEIVED });
  const detectError = (text: string) => {
    try {
      detectAdapter(input(text));
    } catch (e) {
      if (e instanceof WireParseError) return e;
      throw e;
    }
    throw new Error("expected detectAdapter to throw");
  };

  it("keeps plain text as the last, fallback adapter", () => {
    expect(ADAPTERS.at(-1)?.format).toBe("plaintext");
    expect(detectAdapter(input("BERLIN (dpa) - Text.")).format).toBe("plaintext");
  });

  it("explains JSON and XML that no adapter claims", () => {
    expect(detectError('{"recipe": "soup", "serves": 4}')).toMatchObject({
      code: "UNKNOWN_FORMAT",
      message: expect.stringMatching(
        /^valid JSON but not a known wire format \(no ninjs uri.*top-level keys are "recipe", "serves"$/,
      ),
    });
    expect(detectError("<?xml version='1.0'?>\n<!-- c -->\n<recipe><step/></recipe>")).toMatchObject({
      code: "UNKNOWN_FORMAT",
      message: expect.stringMatching(/^XML with root element <recipe> is not a known wire format/),
    });
    expect(detectError('{"recipe": ')).toMatchObject({ code: "MALFORMED" });
  });
});

describe("parseWireFile", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("reads a file from disk", async () => {
    const item = onlyItem(await parseWireFile(join(FIXTURES, "plaintext/dpa-afx-honduras-2019-08-28.txt")));
    expect(item.dateline.place).toBe("WASHINGTON");
  });

  it("checks the size before reading", async () => {
    const dir = mkdtempSync(join(tmpdir(), "wire-"));
    dirs.push(dir);
    writeFileSync(join(dir, "big.txt"), "x".repeat(5000));
    expect(onlyFailure(await parseWireFile(join(dir, "big.txt"), { maxBytes: 4096 })).error.code).toBe("TOO_LARGE");
  });

  it("throws for a file that cannot be read", async () => {
    await expect(parseWireFile(join(FIXTURES, "does-not-exist.txt"))).rejects.toThrow(/ENOENT/);
  });
});

describe("scripts/wire.ts", () => {
  const run = promisify(execFile);
  const cli = (...args: string[]) =>
    run(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "scripts/wire.ts"), ...args], { cwd: ROOT }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it("prints one JSON array for files and directories, in order", { timeout: 30_000 }, async () => {
    const { code, stdout } = await cli("parse", "test/fixtures/wire/bad/empty.xml", "test/fixtures/wire/plaintext");
    expect(code).toBe(0);
    expect(stdout.startsWith("[\n  {\n")).toBe(true);
    const results = JSON.parse(stdout) as ParseResult[];
    expect(results.map((r) => r.source)).toEqual([
      "test/fixtures/wire/bad/empty.xml",
      ...readdirSync(join(FIXTURES, "plaintext"))
        .sort()
        .map((f) => `test/fixtures/wire/plaintext/${f}`),
    ]);
    expect(results[0]).toMatchObject({ error: { code: "EMPTY" } });
  });

  it("exits 1 when nothing could be read and 2 on an unknown command", { timeout: 30_000 }, async () => {
    const missing = await cli("parse", "no/such/file.txt");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no/such/file.txt");
    const unknown = await cli("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("usage:");
  });
});
