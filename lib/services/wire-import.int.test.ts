import { beforeAll, describe, expect, it } from "vitest";
import { fixtureFile, importFixture, makeStaff } from "@/test/helpers";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import type { NormalizedItem } from "@/lib/wire/normalized";
import { parseWireBytes } from "@/lib/wire/parse";
import { importWireFiles, type FileReport, type ImportOutcome } from "./wire-import";
import { createStoryFromWire, getStoryForDesk, transitionStory } from "./stories";
import { getWireItemWithVersions, getWireVersionRaw } from "@/lib/db/wire";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { FIXTURES } from "@/test/helpers";

let staff: Awaited<ReturnType<typeof makeStaff>>;
beforeAll(async () => {
  staff = await makeStaff();
});

describe("wire import", () => {
  it("keeps the agency original byte for byte and reports duplicates", async () => {
    const rel = "plaintext/cp1252-crlf-gruenwald-2026-11-24.txt";
    const first = await importFixture(staff.editor, rel);
    const raw = await getWireVersionRaw(first.versionId);
    expect(Buffer.compare(Buffer.from(raw!.raw), await readFile(path.join(FIXTURES, rel)))).toBe(0);
    const again = await importFixture(staff.editor, rel);
    expect(again.status).toBe("duplicate");
    expect(again.versionId).toBe(first.versionId);
  });

  it("reports a broken file with its reason and still imports the rest of the batch", async () => {
    const reports = await importWireFiles(staff.editor, [
      await fixtureFile("bad/truncated-nitf.xml"),
      await fixtureFile("bad/random-bytes.txt"),
      await fixtureFile("plaintext/ap-berlin-umbrellas-2026-11-12.txt"),
    ]);
    expect(reports.map((r) => r.outcomes[0]?.status)).toEqual(["failed", "failed", expect.stringMatching(/imported|duplicate/)]);
    const failed = reports[0]!.outcomes[0]!;
    expect(failed.status === "failed" && failed.reason.length).toBeGreaterThan(5);
  });

  it("links an agency update to the original item and flags stories made from it", async () => {
    const original = await importFixture(staff.editor, "plaintext/reuters-kestrel-outlook-2026-11-03.txt");
    const { id } = await createStoryFromWire(staff.editor, original.versionId);
    const update = await importFixture(staff.editor, "plaintext/reuters-kestrel-outlook-update1-2026-11-03.txt");
    expect(update.itemId).toBe(original.itemId);
    expect(update.status).toBe("updated");
    expect(update.version).toBeGreaterThan(original.version);
    const item = await getWireItemWithVersions(original.itemId);
    expect(item?.versions.length).toBe(2);
    expect((await getStoryForDesk(staff.editor, id)).agencyUpdateAvailable).toBe(true);
  });

  it("takes a published story off the public site when the agency kills its source", async () => {
    const v1 = await importFixture(staff.editor, "nitf/nitf-full-rotterdam-solar-v1-2026-11-05.xml");
    const { id } = await createStoryFromWire(staff.editor, v1.versionId);
    await transitionStory(staff.editor, id, "publish");
    const kill = await importFixture(staff.editor, "nitf/nitf-kill-rotterdam-solar-2026-11-06.xml");
    expect(kill.itemId).toBe(v1.itemId);
    const story = await getStoryForDesk(staff.editor, id);
    expect(story.status).toBe("KILLED");
    expect((await getWireItemWithVersions(v1.itemId))?.state).toBe("KILLED");
    await expect(createStoryFromWire(staff.editor, v1.versionId)).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

/** A ninjs 2.0 item with its own guid, version and status, for batches built in the test. */
function ninjs(uri: string, version: number, opts: { pubstatus?: string; body?: string; name?: string } = {}) {
  const body = opts.body ?? `The council approved the plan for ${uri}, version ${version}.`;
  const doc = {
    standard: { name: "ninjs", version: "2.0", schema: "http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json" },
    uri,
    type: "text",
    version: String(version),
    firstcreated: "2026-11-20T15:02:00Z",
    versioncreated: `2026-11-20T15:${String(10 + version).padStart(2, "0")}:00Z`,
    pubstatus: opts.pubstatus ?? "usable",
    copyrightholder: "Meridian Wire Service",
    language: "en-GB",
    headlines: [{ role: "main", value: `Council plan ${uri.slice(-8)} v${version}` }],
    bodies: [{ role: "main", contenttype: "text/plain", value: body }],
  };
  return { name: opts.name ?? `${uri.slice(-8)}-v${version}.json`, bytes: new TextEncoder().encode(JSON.stringify(doc)) };
}

const uri = () => `https://wire.meridian.example/items/BATCH-${randomUUID()}`;

function stored(outcome: ImportOutcome | undefined) {
  if (!outcome || outcome.status === "failed") throw new Error(`expected a stored item, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe("wire import in batches (one transaction, a savepoint per item when one fails)", () => {
  it("reports a bad item in the middle of a batch and stores every other item of it, leaving no rows for the bad one", async () => {
    const token = `reject${randomUUID().replace(/-/g, "")}`;
    const constraint = `wire_test_${token}`;
    // The database refuses this one item when it is stored (after it parsed fine).
    await db().$executeRawUnsafe(
      `ALTER TABLE "WireItemVersion" ADD CONSTRAINT "${constraint}" CHECK (position('${token}' in "bodyText") = 0)`,
    );
    const [a, bad, c] = [uri(), uri(), uri()];
    let reports: FileReport[];
    try {
      reports = await importWireFiles(staff.editor, [
        ninjs(a, 1),
        ninjs(a, 2),
        ninjs(bad, 1, { body: `This item carries ${token}.` }),
        ninjs(c, 1),
      ]);
    } finally {
      await db().$executeRawUnsafe(`ALTER TABLE "WireItemVersion" DROP CONSTRAINT "${constraint}"`);
    }
    const outcomes = reports.map((r) => r.outcomes[0]);
    expect(outcomes.map((o) => o?.status)).toEqual(["imported", "updated", "failed", "imported"]);
    expect(outcomes[2]).toMatchObject({ code: "STORE" });
    expect(stored(outcomes[1]).itemId).toBe(stored(outcomes[0]).itemId);
    expect((await getWireItemWithVersions(stored(outcomes[0]).itemId))?.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(await getWireItemWithVersions(stored(outcomes[3]).itemId)).toMatchObject({ guid: c });
    expect(await db().wireItem.count({ where: { guid: bad } })).toBe(0);
    const audited = await db().auditLog.findMany({ where: { action: "wire.import", actorId: staff.editor.id } });
    const guids = audited.map((r) => (r.meta as { guid: string }).guid);
    expect(guids.filter((g) => g === a)).toHaveLength(2);
    expect(guids).toContain(c);
    expect(guids).not.toContain(bad);

    // The bad item imports once the database takes it, as a new item.
    const [retry] = await importWireFiles(staff.editor, [ninjs(bad, 1, { body: `This item carries ${token}.` })]);
    expect(retry?.outcomes[0]?.status).toBe("imported");
  });

  it("stores an update and its original from the same batch as two versions of one item, in either order", async () => {
    const [first, second] = [uri(), uri()];
    const reports = await importWireFiles(staff.editor, [ninjs(first, 1), ninjs(first, 2), ninjs(second, 3), ninjs(second, 2)]);
    const [v1, v2, late3, late2] = reports.map((r) => stored(r.outcomes[0]));
    expect([v1!.status, v2!.status, late3!.status, late2!.status]).toEqual(["imported", "updated", "imported", "updated"]);
    expect(v2!.itemId).toBe(v1!.itemId);
    expect(late2!.itemId).toBe(late3!.itemId);
    const one = await getWireItemWithVersions(v1!.itemId);
    expect(one).toMatchObject({ latestVersion: 2, state: "ACTIVE" });
    expect(one?.versions.map((v) => v.version)).toEqual([2, 1]);
    // An older version arriving late is stored in its place and does not become the latest.
    const two = await getWireItemWithVersions(late3!.itemId);
    expect(two?.latestVersion).toBe(3);
    expect(two?.versions.map((v) => v.version)).toEqual([3, 2]);
  });

  it("treats the same item twice in one batch as a redelivery", async () => {
    const u = uri();
    const file = ninjs(u, 1);
    // A view into a larger buffer (as zip entries are): the stored original is exactly the view.
    const padded = new Uint8Array(file.bytes.length + 20);
    padded.set(file.bytes, 10);
    const view = { name: "view.json", bytes: padded.subarray(10, 10 + file.bytes.length) };
    const [first, again] = (await importWireFiles(staff.editor, [view, file])).map((r) => stored(r.outcomes[0]));
    expect(first!.status).toBe("imported");
    expect(again).toMatchObject({ status: "duplicate", itemId: first!.itemId, versionId: first!.versionId });
    const raw = await getWireVersionRaw(first!.versionId);
    expect(Buffer.compare(Buffer.from(raw!.raw), Buffer.from(file.bytes))).toBe(0);
    // Every normalized field is kept: the columns and the whole item as JSON.
    const [parsed] = parseWireBytes(view.bytes, view.name);
    const version = await db().wireItemVersion.findUniqueOrThrow({ where: { id: first!.versionId } });
    expect(version.normalized).toEqual(parsed);
    expect(version).toMatchObject({
      headline: (parsed as NormalizedItem).headline,
      bodyHtml: (parsed as NormalizedItem).bodyHtml,
      bodyText: (parsed as NormalizedItem).bodyText,
      versionCreated: new Date((parsed as NormalizedItem).versionCreated!),
      firstCreated: new Date((parsed as NormalizedItem).firstCreated!),
      language: "en-GB",
      format: (parsed as NormalizedItem).format,
      version: 1,
    });
  });

  it("stores the same item imported twice at the same moment once, and reports the other as a redelivery", async () => {
    // An upload and a feed poll (or two app instances) receiving one item together.
    for (let round = 0; round < 5; round++) {
      const file = ninjs(uri(), 1);
      const both = await Promise.all([
        importWireFiles(staff.editor, [{ name: "upload.json", bytes: file.bytes }]),
        importWireFiles(staff.editor, [{ name: "feed.json", bytes: file.bytes }]),
      ]);
      const outcomes = both.map((reports) => stored(reports[0]!.outcomes[0]));
      expect(outcomes.map((o) => o!.status).sort()).toEqual(["duplicate", "imported"]);
      expect(outcomes[0]!.versionId).toBe(outcomes[1]!.versionId);
    }
  });

  it("kills an item whose original and kill arrive in the same batch, and a published story when its update and kill do", async () => {
    const fresh = uri();
    const [orig, kill] = (await importWireFiles(staff.editor, [ninjs(fresh, 1), ninjs(fresh, 2, { pubstatus: "canceled" })])).map(
      (r) => stored(r.outcomes[0]),
    );
    expect(kill!.itemId).toBe(orig!.itemId);
    const item = await getWireItemWithVersions(orig!.itemId);
    expect(item).toMatchObject({ state: "KILLED", latestVersion: 2 });
    expect(item?.killedAt).toBeInstanceOf(Date);
    expect(await db().auditLog.count({ where: { action: "wire.kill", targetId: orig!.itemId } })).toBe(1);

    // A story published from v1; then v2 (an update) and v3 (a kill) arrive together.
    const published = uri();
    const [p1] = (await importWireFiles(staff.editor, [ninjs(published, 1)])).map((r) => stored(r.outcomes[0]));
    const { id } = await createStoryFromWire(staff.editor, p1!.versionId);
    await transitionStory(staff.editor, id, "publish");
    const later = await importWireFiles(staff.editor, [ninjs(published, 2), ninjs(published, 3, { pubstatus: "canceled" })]);
    expect(later.map((r) => r.outcomes[0]?.status)).toEqual(["updated", "updated"]);
    const story = await getStoryForDesk(staff.editor, id);
    expect(story.status).toBe("KILLED");
    expect(story.agencyUpdateAvailable).toBe(true);
    expect(await getWireItemWithVersions(p1!.itemId)).toMatchObject({ state: "KILLED", latestVersion: 3 });
    expect(await db().auditLog.count({ where: { action: "story.kill", targetId: id } })).toBe(1);
  });

  it("stores a batch larger than one transaction holds, in file order, with an onFile call per file", async () => {
    const files = Array.from({ length: 230 }, (_, i) => ninjs(uri(), 1, { name: `many-${i}.json` }));
    const seen: string[] = [];
    const reports = await importWireFiles(staff.editor, files, { onFile: (r) => seen.push(r.file) });
    expect(reports.map((r) => r.file)).toEqual(files.map((f) => f.name));
    expect(seen).toEqual(files.map((f) => f.name));
    expect(reports.every((r) => r.outcomes[0]?.status === "imported")).toBe(true);
    expect(new Set(reports.map((r) => stored(r.outcomes[0]).itemId)).size).toBe(230);
  });
});
