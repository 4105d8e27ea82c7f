// `npm run bench:ingest [-- --items N]`: wire ingest on a real Postgres, in one run.
//
//  1. A scratch database on BENCH_DATABASE_URL's server (default
//     postgresql://postgres@127.0.0.1:5432/postgres), migrated; an editor account.
//  2. N items (default 100,000) of a synthetic mix of formats, generated in memory in
//     batches of 200 files from templates modelled on test/fixtures/wire (plain-text agency
//     copy in three layouts, NITF, NewsML-G2, ninjs 1.3 and 2.0, RSS and Atom feeds with
//     several items), each with its own guid and a body of a few hundred words.
//  3. Parse-only throughput (parseWireBytes), then end-to-end import throughput
//     (importWireFiles: parse → sanitize → dedupe → store → index), with peak RSS sampled
//     every 100 ms and reported at 10% and 100% of the run. Files are streamed batch by
//     batch and never all held in memory, so peak memory should not grow with N.
//  4. The same set re-imported: WireItemVersion rows before and after (must be equal).
//  5. A baseline from the same run: raw multi-row INSERTs of equivalent rows, one per
//     batch, and the `SELECT 1` round-trip rate.
// The machine is shared: each phase prints the load average (1, 5, 15 min) next to its figures.
// The scratch database is dropped at the end.
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import path from "node:path";

import { applyMigrations, dispose } from "../../lib/db/schema-engine";
import { createDatabase, dropDatabase, ROOT, withClient } from "./harness";

const itemsArg = process.argv.indexOf("--items");
const ITEMS = itemsArg > 0 ? Number(process.argv[itemsArg + 1]) : 100_000;
if (!Number.isInteger(ITEMS) || ITEMS < 1) throw new Error("--items must be a positive integer");
const BATCH_FILES = 200;

type WireFile = { name: string; bytes: Uint8Array };

// ── synthetic copy ──────────────────────────────────────────────────────────
const WORDS = (
  "the council said on thursday that its plan for new trams bridges and flood barriers would cost more than " +
  "expected after months of debate and a critical audit residents will comment until the end of the month " +
  "officials expect work to take two years ministers unions farmers port operators researchers warned that " +
  "prices energy harbour rail freight could rise sharply while the regional government promised support"
).split(" ");
const CITY = ["Berlin", "Lisbon", "Oslo", "Valencia", "Hamburg", "Lyon", "Porto", "Turin", "Gdansk", "Cork", "Kiel"];
const TOPIC = ["night trams", "flood barrier", "heat pumps", "harbour power", "bridge safety", "wind farm", "rent caps"];
const VERB = ["approves", "delays", "rejects", "unveils", "blocks", "expands", "reviews"];
const BY = ["Lena Hofstetter", "Katrin Voss", "Sanne de Kuiper", "Kaisa Lindqvist", "Marco Ferri", "Ana Duarte"];

/** A deterministic generator per item, so every body differs but runs are repeatable. */
function rng(n: number) {
  let s = (n * 2_654_435_761) % 2_147_483_648 || 1;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}
function copy(n: number) {
  const r = rng(n + 1);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const city = pick(CITY);
  const headline = `${city} ${pick(VERB)} ${pick(TOPIC)} plan, item ${n}`;
  // 6–8 paragraphs of 40–60 words: a few hundred words, like real agency copy.
  const paras = Array.from({ length: 6 + Math.floor(r() * 3) }, (_, p) => {
    const words = Array.from({ length: 40 + Math.floor(r() * 21) }, () => pick(WORDS));
    if (p === 0) words.push(`(ref ${n})`);
    const s = words.join(" ");
    return s[0]!.toUpperCase() + s.slice(1) + ".";
  });
  return { city, headline, paras, by: pick(BY), slug: `${city.toUpperCase()}-BENCH${n.toString(36).toUpperCase()}` };
}
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const html = (paras: string[]) => paras.map((p) => `<p>${esc(p)}</p>`).join("\n");
const enc = new TextEncoder();

const FORMATS: { ext: string; items: number; make: (n: number) => string }[] = [
  {
    ext: "txt", // Reuters layout: slug line, headline, dateline with " - "
    items: 1,
    make: (n) => {
      const c = copy(n);
      return `${c.slug}/RESULTS\n${c.headline}\n\n${c.city.toUpperCase()}, Nov 3 (Reuters) - ${c.paras.join("\n\n")}\n\n(Reporting by ${c.by}; Editing by Mark Ellery)\n`;
    },
  },
  {
    ext: "txt", // AP layout: headline, byline block, dateline with an em dash
    items: 1,
    make: (n) => {
      const c = copy(n);
      return `${c.headline}\n\nBy ${c.by.toUpperCase()}\nAssociated Press\n\n${c.city.toUpperCase()} (AP) — ${c.paras.join("\n\n")}\n`;
    },
  },
  {
    ext: "txt", // dpa-AFX layout: CRLF line ends, "(dpa-AFX)" dateline
    items: 1,
    make: (n) => {
      const c = copy(n);
      return `${c.headline}\r\n\r\n${c.city.toUpperCase()} (dpa-AFX) - ${c.paras.join("\r\n\r\n")}\r\n`;
    },
  },
  {
    ext: "xml",
    items: 1,
    make: (n) => {
      const c = copy(n);
      return `<?xml version="1.0" encoding="UTF-8"?>
<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/" version="-//IPTC//DTD NITF 3.6//EN" baselang="en-GB">
  <head>
    <title>${esc(c.headline)}</title>
    <docdata management-status="usable">
      <doc-id regsrc="MWS" id-string="MWS-BENCH-NITF-${n}"/>
      <urgency ed-urg="4"/>
      <date.issue norm="20261105T093000+0100"/>
      <du-key key="${c.slug}" generation="1" version="1"/>
      <doc.copyright year="2026" holder="Meridian Wire Service"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>${esc(c.headline)}</hl1></hedline>
      <byline>By <person>${esc(c.by)}</person></byline>
      <distributor><org>Meridian Wire Service</org></distributor>
      <dateline><location><city>${c.city.toUpperCase()}</city></location>, <story.date norm="20261105T000000+0100">Nov 5</story.date> (MWS)</dateline>
    </body.head>
    <body.content>
${html(c.paras)}
    </body.content>
  </body>
</nitf>
`;
    },
  },
  {
    ext: "xml",
    items: 1,
    make: (n) => {
      const c = copy(n);
      return `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:meridian.example:20261110:BENCH-${n}" version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="en-GB">
  <rightsInfo><copyrightHolder uri="https://wire.meridian.example/"><name>Meridian Wire Service</name></copyrightHolder></rightsInfo>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider uri="https://wire.meridian.example/"><name>Meridian Wire Service</name></provider>
    <versionCreated>2026-11-10T14:05:00Z</versionCreated>
    <firstCreated>2026-11-10T14:05:00Z</firstCreated>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta>
    <urgency>4</urgency>
    <language tag="en-GB"/>
    <slugline>${c.slug}</slugline>
    <headline>${esc(c.headline)}</headline>
    <dateline>${c.city.toUpperCase()}, Nov 10 (MWS)</dateline>
    <by>By ${esc(c.by)}</by>
    <creditline>Meridian Wire Service</creditline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><head><title>${esc(c.headline)}</title></head><body>
${html(c.paras)}
      </body></html>
    </inlineXML>
  </contentSet>
</newsItem>
`;
    },
  },
  {
    ext: "json",
    items: 1,
    make: (n) => {
      const c = copy(n);
      return JSON.stringify({
        $standard: { name: "ninjs", version: "1.3", schema: "http://www.iptc.org/std/ninjs/ninjs-schema_1.3.json" },
        uri: `https://wire.meridian.example/items/BENCH-NINJS13-${n}`,
        type: "text",
        version: "1",
        firstcreated: "2026-11-11T18:20:00Z",
        versioncreated: "2026-11-11T18:20:00Z",
        pubstatus: "usable",
        urgency: 4,
        copyrightholder: "Meridian Wire Service",
        language: "en",
        slugline: c.slug,
        headline: c.headline,
        byline: `By ${c.by}`,
        located: `${c.city}, Europe`,
        body_html: c.paras.map((p) => `<p>${esc(p)}</p>`).join(""),
      });
    },
  },
  {
    ext: "json",
    items: 1,
    make: (n) => {
      const c = copy(n);
      return JSON.stringify({
        standard: { name: "ninjs", version: "2.0", schema: "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json" },
        uri: `https://wire.meridian.example/items/BENCH-NINJS20-${n}`,
        type: "text",
        version: "1",
        firstcreated: "2026-11-16T10:40:00Z",
        versioncreated: "2026-11-16T10:40:00Z",
        pubstatus: "usable",
        urgency: 5,
        copyrightholder: "Meridian Wire Service",
        language: "en-GB",
        slugline: c.slug,
        by: `By ${c.by}`,
        located: `${c.city}, Europe`,
        headlines: [{ role: "main", contenttype: "text/plain", value: c.headline }],
        bodies: [{ role: "main", contenttype: "text/html", value: c.paras.map((p) => `<p>${esc(p)}</p>`).join("") }],
      });
    },
  },
  {
    ext: "xml", // RSS 2.0 feed, three items
    items: 3,
    make: (n) => {
      const items = [0, 1, 2].map((k) => {
        const c = copy(n * 3 + k);
        return `    <item>
      <title>${esc(c.headline)}</title>
      <link>https://news.meridian.example/bench/${n}/${k}</link>
      <description>${esc(c.paras[0]!.slice(0, 140))}</description>
      <content:encoded><![CDATA[${c.paras.map((p) => `<p>${p}</p>`).join("\n")}]]></content:encoded>
      <dc:creator>${esc(c.by)}</dc:creator>
      <guid>https://news.meridian.example/bench/rss/${n}/${k}</guid>
      <pubDate>Wed, 25 Nov 2026 09:12:00 GMT</pubDate>
    </item>`;
      });
      return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Meridian Wire - Top Stories</title>
    <link>https://news.meridian.example/</link>
    <description>Top stories from the Meridian Wire Service Europe desk.</description>
    <copyright>Copyright 2026 Meridian Wire Service</copyright>
${items.join("\n")}
  </channel>
</rss>
`;
    },
  },
  {
    ext: "xml", // Atom feed, three entries
    items: 3,
    make: (n) => {
      const entries = [0, 1, 2].map((k) => {
        const c = copy(n * 3 + k + 1_000_000_000);
        return `  <entry>
    <id>tag:meridian.example,2026-11-26:bench/${n}/${k}</id>
    <title type="text">${esc(c.headline)}</title>
    <link rel="alternate" type="text/html" href="https://news.meridian.example/bench/atom/${n}/${k}"/>
    <published>2026-11-26T08:30:00Z</published>
    <updated>2026-11-26T08:30:00Z</updated>
    <author><name>${esc(c.by)}</name></author>
    <content type="html">${esc(html(c.paras))}</content>
  </entry>`;
      });
      return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
  <id>tag:meridian.example,2026:feeds/bench</id>
  <title type="text">Meridian Wire - Science</title>
  <updated>2026-11-26T17:45:00Z</updated>
  <rights>Copyright 2026 Meridian Wire Service</rights>
${entries.join("\n")}
</feed>
`;
    },
  },
];

/** Batches of files holding `total` items in all, made on demand (never the whole set at once). */
function* batches(total: number): Generator<WireFile[]> {
  let items = 0;
  let n = 0;
  while (items < total) {
    const batch: WireFile[] = [];
    while (batch.length < BATCH_FILES && items < total) {
      let f = FORMATS[n % FORMATS.length]!;
      // The last few items: single-item formats only, so the total is exact.
      if (items + f.items > total) f = FORMATS[0]!;
      batch.push({ name: `bench-${n}.${f.ext}`, bytes: enc.encode(f.make(n)) });
      items += f.items;
      n++;
    }
    yield batch;
  }
}

// ── measuring ───────────────────────────────────────────────────────────────
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const load = () =>
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
sampler.unref();

const batchItems = (reports: { outcomes: unknown[] }[]) => reports.reduce((n, r) => n + r.outcomes.length, 0);

async function main() {
  const name = `wiredesk_benchingest_${randomBytes(4).toString("hex")}`;
  const dbUrl = await createDatabase(name);
  // The app's modules read DATABASE_URL (through lib/env.ts) on first use, below.
  process.env.DATABASE_URL = dbUrl;
  try {
    await applyMigrations(dbUrl, path.join(ROOT, "prisma/migrations"));
    await dispose();
    const { createUser } = await import("../../prisma/factories");
    const { parseWireBytes } = await import("../../lib/wire/parse");
    const { isParseFailure } = await import("../../lib/wire/normalized");
    const { importWireFiles } = await import("../../lib/services/wire-import");
    const { disconnectDb } = await import("../../lib/db/client");
    const editor = await createUser({
      email: "bench-editor@bench.test",
      name: "Bench Editor",
      role: "EDITOR",
      password: "bench-editor-password",
    });
    console.log(`bench:ingest — ${ITEMS.toLocaleString("en")} items, ${BATCH_FILES} files per batch, database ${name}\n`);

    // ── parse only ──
    let parsed = 0;
    let parseFailed = 0;
    const failures = new Map<string, number>();
    const t = performance.now();
    for (const batch of batches(ITEMS)) {
      for (const f of batch) {
        for (const r of parseWireBytes(f.bytes, f.name)) {
          if (isParseFailure(r)) {
            parseFailed++;
            const k = `${f.name.replace(/\d+/, "N")}: ${r.error.code}`;
            failures.set(k, (failures.get(k) ?? 0) + 1);
          } else parsed++;
        }
      }
    }
    const parseSecs = (performance.now() - t) / 1000;
    console.log(
      `Parse only (parseWireBytes): ${parsed} items, ${parseFailed} failures in ${parseSecs.toFixed(1)} s = ${(parsed / parseSecs).toFixed(0)} items/s (${load()})`,
    );
    for (const [k, v] of failures) console.log(`  failure ${k} ×${v}`);

    // ── end to end ──
    const counts = { imported: 0, updated: 0, duplicate: 0, failed: 0 };
    const countRows = () =>
      withClient(dbUrl, async (c) => Number((await c.query(`SELECT count(*)::int AS n FROM "WireItemVersion"`)).rows[0].n));
    const runImport = async (label: string, onTenth?: () => void) => {
      const seen = { imported: 0, updated: 0, duplicate: 0, failed: 0 };
      let done = 0;
      let tenthMarked = false;
      const start = performance.now();
      for (const batch of batches(ITEMS)) {
        const reports = await importWireFiles(editor, batch, { via: "bench" });
        for (const r of reports) {
          for (const o of r.outcomes) {
            seen[o.status]++;
            done++;
          }
        }
        if (!tenthMarked && done >= ITEMS / 10) {
          tenthMarked = true;
          onTenth?.();
        }
        // A long run says how it is going, every 10%.
        if (ITEMS >= 20_000 && Math.floor((done * 10) / ITEMS) > Math.floor(((done - batchItems(reports)) * 10) / ITEMS)) {
          const secs = (performance.now() - start) / 1000;
          console.log(`  ${label}: ${done} items after ${secs.toFixed(0)} s, ${(done / secs).toFixed(0)} items/s (${load()})`);
        }
      }
      const secs = (performance.now() - start) / 1000;
      console.log(
        `${label}: ${done} items in ${secs.toFixed(1)} s = ${(done / secs).toFixed(0)} items/s ` +
          `(imported ${seen.imported}, updated ${seen.updated}, duplicate ${seen.duplicate}, failed ${seen.failed}; ${load()})`,
      );
      return { secs, seen, done };
    };
    global.gc?.();
    peakRss = process.memoryUsage().rss;
    let peakAtTenth = 0;
    const first = await runImport("End to end (importWireFiles)", () => (peakAtTenth = peakRss));
    const peakAtEnd = peakRss;
    Object.assign(counts, first.seen);
    console.log(`  peak RSS at 10% of the run: ${mb(peakAtTenth)}; at 100%: ${mb(peakAtEnd)}`);

    // ── redelivery ──
    const before = await countRows();
    const again = await runImport("Redelivery of the same set");
    const after = await countRows();
    console.log(`  WireItemVersion rows before ${before}, after ${after} (new rows: ${after - before})`);

    // ── baseline: raw SQL on the same server ──
    const baseline = await withClient(dbUrl, async (c) => {
      await c.query(
        // The same full-text index as WireItemVersion.search, so the baseline pays for indexing too.
        `CREATE TABLE bench_raw (id serial PRIMARY KEY, guid text UNIQUE NOT NULL, headline text, body_html text, body_text text, raw bytea, normalized jsonb,
           search tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A') ||
             setweight(to_tsvector('english'::regconfig, left(body_text, 200000)), 'D')) STORED);
         CREATE INDEX bench_raw_search ON bench_raw USING gin (search)`,
      );
      let rows = 0;
      let insertMs = 0;
      for (const batch of batches(ITEMS)) {
        const vals: unknown[] = [];
        const ph: string[] = [];
        for (const f of batch) {
          for (const r of parseWireBytes(f.bytes, f.name)) {
            if (isParseFailure(r)) continue;
            const i = vals.length;
            ph.push(`($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}, $${i + 5}, $${i + 6})`);
            vals.push(r.guid, r.headline, r.bodyHtml, r.bodyText, Buffer.from(f.bytes), JSON.stringify(r));
          }
        }
        // Only the INSERT is timed: parsing is measured on its own above.
        const start = performance.now();
        const res = await c.query(
          `INSERT INTO bench_raw (guid, headline, body_html, body_text, raw, normalized) VALUES ${ph.join(",")} ON CONFLICT DO NOTHING`,
          vals,
        );
        insertMs += performance.now() - start;
        rows += res.rowCount ?? 0;
      }
      const insertSecs = insertMs / 1000;
      // One transaction per item (how importWireFiles stored items before it batched them):
      // BEGIN; INSERT; COMMIT per row, on the first 2,000 rows.
      const TX_ROWS = Math.min(2_000, rows);
      await c.query(`CREATE TABLE bench_tx (LIKE bench_raw INCLUDING DEFAULTS INCLUDING GENERATED)`);
      const txStart = performance.now();
      for (let off = 0; off < TX_ROWS; off++) {
        await c.query("BEGIN");
        await c.query(
          `INSERT INTO bench_tx (guid, headline, body_html, body_text, raw, normalized) SELECT guid, headline, body_html, body_text, raw, normalized FROM bench_raw WHERE id = $1`,
          [off + 1],
        );
        await c.query("COMMIT");
      }
      const txRate = TX_ROWS / ((performance.now() - txStart) / 1000);
      const pingStart = performance.now();
      const PINGS = 2_000;
      for (let i = 0; i < PINGS; i++) await c.query("SELECT 1");
      const pingRate = PINGS / ((performance.now() - pingStart) / 1000);
      return { rows, insertSecs, pingRate, txRate, txRows: TX_ROWS };
    });
    const rawRate = baseline.rows / baseline.insertSecs;
    const e2eRate = first.done / first.secs;
    console.log(
      `\nBaseline (same run): one multi-row INSERT per batch (parsed rows, full-text indexed), ${baseline.rows} rows in ${baseline.insertSecs.toFixed(1)} s = ${rawRate.toFixed(0)} rows/s`,
    );
    console.log(
      `  one transaction per row (BEGIN; INSERT; COMMIT), ${baseline.txRows} rows: ${baseline.txRate.toFixed(0)} rows/s`,
    );
    console.log(`  SELECT 1 round trips: ${baseline.pingRate.toFixed(0)}/s (${load()})`);
    console.log(`  end to end / raw INSERT baseline = ${(e2eRate / rawRate).toFixed(3)}`);
    console.log(`  end to end / one-transaction-per-row baseline = ${(e2eRate / baseline.txRate).toFixed(3)}`);
    console.log(`  one imported item takes as long as ${(baseline.pingRate / e2eRate).toFixed(0)} SELECT 1 round trips`);

    const projected100k = 100_000 / e2eRate;
    const memRatio = peakAtEnd / Math.max(1, peakAtTenth);
    console.log("\nTargets:");
    const line = (ok: boolean, s: string) => console.log(`  ${ok ? "PASS" : "FAIL"}  ${s}`);
    line(e2eRate >= 300, `≥ 300 items/s end to end: ${e2eRate.toFixed(0)} items/s`);
    line(
      projected100k <= 360,
      ITEMS === 100_000
        ? `100,000 items in ≤ 6 min: ${(first.secs / 60).toFixed(1)} min`
        : `100,000 items in ≤ 6 min: projected ${(projected100k / 60).toFixed(1)} min from ${ITEMS} items (run without --items to measure)`,
    );
    line(
      memRatio < 1.25,
      `peak memory independent of N: ${mb(peakAtTenth)} at 10%, ${mb(peakAtEnd)} at 100% (×${memRatio.toFixed(2)})`,
    );
    line(
      after === before && again.seen.imported === 0 && again.seen.updated === 0,
      `redelivery creates zero rows: ${after - before} new`,
    );
    if (counts.failed > 0) console.log(`  NOTE  ${counts.failed} items failed to import`);
    await disconnectDb();
  } finally {
    clearInterval(sampler);
    await dropDatabase(name);
  }
}

await main();
