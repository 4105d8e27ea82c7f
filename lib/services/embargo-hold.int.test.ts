// Embargoes editors set, move and lift; agency holds (withheld) that block creating and
// publishing until released. Dates are built relative to now.
import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { makeStaff } from "@/test/helpers";
import { makeWireItem } from "@/test/desk/wire-versions";
import { createBlankStory, createStoryFromWire, getStoryForDesk, setStoryEmbargo, transitionStory } from "./stories";

let staff: Awaited<ReturnType<typeof makeStaff>>;
beforeAll(async () => {
  staff = await makeStaff();
});

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000);

describe("embargo set, moved and lifted by an editor", () => {
  it("an embargo set on a draft blocks publishing; lifting it needs a reason, kept in the audit", async () => {
    const { id } = await createBlankStory(staff.reporter, `Embargo ${randomUUID().slice(0, 6)}`);
    const v = async () => (await getStoryForDesk(staff.editor, id)).version;
    await expect(
      setStoryEmbargo(staff.reporter, id, { until: inHours(2).toISOString(), baseVersion: await v() }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await setStoryEmbargo(staff.editor, id, { until: inHours(2).toISOString(), baseVersion: await v() });
    await expect(transitionStory(staff.editor, id, "publish")).rejects.toMatchObject({ details: { reason: "embargoed" } });
    // Moving it later needs no reason; earlier or off does.
    await setStoryEmbargo(staff.editor, id, { until: inHours(3).toISOString(), baseVersion: await v() });
    await expect(
      setStoryEmbargo(staff.editor, id, { until: inHours(1).toISOString(), baseVersion: await v() }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      details: { fieldErrors: { reason: [expect.any(String)] } },
    });
    await expect(setStoryEmbargo(staff.editor, id, { until: null, baseVersion: await v() })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await setStoryEmbargo(staff.editor, id, { until: null, reason: "Agency lifted it early", baseVersion: await v() });
    expect((await getStoryForDesk(staff.editor, id)).embargoUntil).toBeNull();
    const audit = await db().auditLog.findFirst({
      where: { action: "story.embargo", targetId: id },
      orderBy: { createdAt: "desc" },
    });
    expect(audit?.meta).toMatchObject({ lifted: true, reason: "Agency lifted it early", until: null });
    await transitionStory(staff.editor, id, "publish");
    expect((await getStoryForDesk(staff.editor, id)).status).toBe("PUBLISHED");
  });

  it("a live story cannot be put under embargo; a stale copy is refused", async () => {
    const { id } = await createBlankStory(staff.editor, `Live ${randomUUID().slice(0, 6)}`);
    await transitionStory(staff.editor, id, "publish");
    const { version } = await getStoryForDesk(staff.editor, id);
    await expect(
      setStoryEmbargo(staff.editor, id, { until: inHours(1).toISOString(), baseVersion: version }),
    ).rejects.toMatchObject({
      details: { reason: "live" },
    });
    await expect(setStoryEmbargo(staff.editor, id, { until: null, reason: "x", baseVersion: version - 1 })).rejects.toMatchObject(
      {
        code: "CONFLICT",
        details: { reason: "stale" },
      },
    );
  });
});

describe("agency holds (withheld)", () => {
  it("a held item cannot become a story; a story whose source is put on hold cannot be published until released", async () => {
    const held = makeWireItem(`Held ${randomUUID().slice(0, 6)}`);
    const h1 = await held.send(staff.editor, ["Not yet."], { pubstatus: "withheld" });
    await expect(createStoryFromWire(staff.editor, h1.versionId)).rejects.toMatchObject({ details: { reason: "source-held" } });

    const wire = makeWireItem(`Released ${randomUUID().slice(0, 6)}`);
    const v1 = await wire.send(staff.editor, ["First version."]);
    const { id } = await createStoryFromWire(staff.editor, v1.versionId);
    await wire.send(staff.editor, ["Hold this."], { pubstatus: "withheld" });
    await expect(transitionStory(staff.editor, id, "publish")).rejects.toMatchObject({ details: { reason: "source-held" } });
    await wire.send(staff.editor, ["Released."]);
    await transitionStory(staff.editor, id, "publish");
    expect((await getStoryForDesk(staff.editor, id)).status).toBe("PUBLISHED");
  });
});
