import { beforeAll, describe, expect, it } from "vitest";
import { fixtureFile, importFixture, makeStaff } from "@/test/helpers";
import { importWireFiles } from "./wire-import";
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
