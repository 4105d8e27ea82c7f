import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isParseFailure, type ParseResult } from "./normalized";
import { parseWireBytes } from "./parse";

/**
 * Scores the importer against real agency files (test/fixtures/wire/real/<source>/), each
 * labelled by eye in the folder's labels.json. Only labelled fields count; a label of null
 * means "the file has none". A refused file scores every labelled field as wrong.
 *
 * The issue's bar: ≥ 95% of labelled fields right, no refused valid file, no internal error.
 */

const ROOT = join(__dirname, "../../test/fixtures/wire/real");
const RECEIVED_AT = new Date("2026-01-01T00:00:00Z");
const THRESHOLD = 0.95;

type Label = Record<string, unknown>;
type LabelFile = Record<string, { format: string; items: Label[] }>;

export type FieldMiss = { file: string; item: number; field: string; expected: unknown; actual: unknown };

const fold = (v: unknown): string =>
  String(v ?? "")
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
const clip = (v: unknown): unknown => (typeof v === "string" && v.length > 80 ? `${v.slice(0, 80)}…` : v);
const withoutBy = (v: unknown): string => fold(v).replace(/^by\s+/, "");

type Reader = (item: Record<string, unknown>) => unknown;
const READERS: Record<string, Reader> = {
  guid: (i) => i.guid,
  version: (i) => i.version,
  headline: (i) => i.headline,
  datelinePlace: (i) => (i.dateline as { place: unknown }).place,
  datelineAgency: (i) => (i.dateline as { agency: unknown }).agency,
  bodyStart: (i) => i.bodyText,
  byline: (i) => i.byline,
  signal: (i) => i.signal,
  pubStatus: (i) => i.pubStatus,
  embargo: (i) => i.embargoUntil,
  urgency: (i) => i.urgency,
  language: (i) => i.language,
  credit: (i) => i.credit,
  subjects: (i) => (i.subjects as { scheme: string; code: string }[]).map((s) => `${s.scheme}:${s.code}`),
  kind: (i) => i.itemClass ?? "text",
  refs: (i) => (Array.isArray(i.references) ? i.references.length : 0),
  pictures: (i) => (Array.isArray(i.media) ? i.media.length : 0),
};

function fieldRight(field: string, expected: unknown, actual: unknown): boolean {
  switch (field) {
    case "bodyStart": {
      const body = fold(actual);
      return expected === "" ? body === "" : body.startsWith(fold(expected));
    }
    case "byline":
      return withoutBy(expected) === withoutBy(actual);
    case "subjects": {
      const got = new Set((actual as string[]).map(fold));
      return (expected as string[]).every((s) => got.has(fold(s)));
    }
    case "version":
    case "urgency":
    case "refs":
    case "pictures":
      return expected === actual;
    case "signal":
    case "pubStatus":
    case "embargo":
    case "kind":
      return (expected ?? null) === (actual ?? null);
    default:
      return fold(expected) === fold(actual);
  }
}

type Tally = { right: number; total: number };
export type CorpusScore = {
  files: number;
  byFormat: Map<string, Tally>;
  refused: { file: string; reason: string }[];
  internal: { file: string; reason: string }[];
  misses: FieldMiss[];
};

function labelFolders(): string[] {
  return readdirSync(ROOT)
    .filter((d) => statSync(join(ROOT, d)).isDirectory())
    .sort();
}

/** A failure the adapters did not mean: parse.ts words those "could not read the file as …". */
function isInternal(result: ParseResult): boolean {
  return isParseFailure(result) && /^could not read the file as /.test(result.error.message);
}

export function scoreCorpus(): CorpusScore {
  const score: CorpusScore = { files: 0, byFormat: new Map(), refused: [], internal: [], misses: [] };
  for (const folder of labelFolders()) {
    const labels = JSON.parse(readFileSync(join(ROOT, folder, "labels.json"), "utf8")) as LabelFile;
    for (const [name, entry] of Object.entries(labels)) {
      const file = `${folder}/${name}`;
      score.files++;
      const tally = score.byFormat.get(entry.format) ?? { right: 0, total: 0 };
      score.byFormat.set(entry.format, tally);
      let results: ParseResult[];
      try {
        results = parseWireBytes(new Uint8Array(readFileSync(join(ROOT, folder, name))), file, {
          receivedAt: RECEIVED_AT,
        });
      } catch (e) {
        results = [];
        score.internal.push({ file, reason: `threw: ${(e as Error).message}` });
      }
      const failure = results.find(isParseFailure);
      if (failure) {
        (isInternal(failure) ? score.internal : score.refused).push({ file, reason: failure.error.message });
      }
      const items = results.filter((r) => !isParseFailure(r)) as unknown as Record<string, unknown>[];
      entry.items.forEach((label, index) => {
        const item = (typeof label.guid === "string" ? items.find((i) => i.guid === label.guid) : undefined) ?? items[index];
        for (const [field, expected] of Object.entries(label)) {
          const read = READERS[field];
          if (!read) throw new Error(`${file}: unknown label field "${field}"`);
          tally.total++;
          const actual = item ? read(item) : undefined;
          if (item && fieldRight(field, expected, actual)) tally.right++;
          else score.misses.push({ file, item: index, field, expected, actual: item ? clip(actual) : "(no item)" });
        }
      });
    }
  }
  return score;
}

const pct = (t: Tally): string => (t.total ? ((100 * t.right) / t.total).toFixed(1) : "–");

describe("real agency corpus (test/fixtures/wire/real)", () => {
  const score = scoreCorpus();
  const overall = [...score.byFormat.values()].reduce((a, t) => ({ right: a.right + t.right, total: a.total + t.total }), {
    right: 0,
    total: 0,
  });
  const lines = [...score.byFormat.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([format, t]) => `  ${format.padEnd(16)} ${pct(t).padStart(5)}%  (${t.right}/${t.total} fields)`);
  const byField = new Map<string, number>();
  for (const m of score.misses) byField.set(m.field, (byField.get(m.field) ?? 0) + 1);
  console.log(
    [
      `wire corpus: ${score.files} files, ${pct(overall)}% of ${overall.total} labelled fields right`,
      ...lines,
      `  refused: ${score.refused.length}, internal errors: ${score.internal.length}`,
      `  misses by field: ${[...byField.entries()].map(([f, n]) => `${f} ${n}`).join(", ") || "none"}`,
      ...score.misses.map(
        (m) => `  ✗ ${m.file}#${m.item} ${m.field}: ${JSON.stringify(m.expected)} ≠ ${JSON.stringify(m.actual)}`,
      ),
      ...score.refused.map((r) => `  refused ${r.file}: ${r.reason}`),
    ].join("\n"),
  );

  it("gets at least 95% of the labelled fields right", () => {
    const misses = score.misses.map(
      (m) => `${m.file}#${m.item} ${m.field}: ${JSON.stringify(m.expected)} ≠ ${JSON.stringify(m.actual)}`,
    );
    expect(overall.right / overall.total, misses.slice(0, 40).join("\n")).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it("refuses no valid file", () => {
    expect(score.refused).toEqual([]);
  });

  it("has no internal error", () => {
    expect(score.internal).toEqual([]);
  });
});
