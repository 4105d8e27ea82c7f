// The story-write pipeline, table-driven: EVERY write path against EVERY rule. A path that
// skips a rule fails here. Where a rule cannot apply to a path, the table says why.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { jobQueue, stopJobQueue } from "@/lib/jobs/queue";
import { onLocalInvalidation } from "@/lib/public/cache-keys";
import type { Actor } from "@/lib/authz/policy";
import type { StoryDoc } from "@/lib/editor/doc-schema";
import { embargoedPlaintext, makeStaff } from "@/test/helpers";
import { makeWireItem } from "@/test/desk/wire-versions";
import { importWireFiles } from "./wire-import";
import { createStoryFromWire, getStoryForDesk, saveStory, setIndependentlyVerified, transitionStory } from "./stories";
import { autosaveStory, restoreRevision } from "./revisions";
import { applyAgencyMerge } from "./merge";
import { appendWireToStory } from "./wire-append";
import { acceptSuggestion } from "./suggestion-accept";
import { settleStorySuggestions } from "./suggestions";
import { acquireStoryLock, releaseLock } from "./locks";
import { runScheduledPublish } from "./scheduling";

let staff: Awaited<ReturnType<typeof makeStaff>>;
beforeAll(async () => {
  staff = await makeStaff();
  await jobQueue();
});
afterAll(async () => {
  await stopJobQueue();
});

const doc = (...paras: string[]): StoryDoc => ({
  type: "doc",
  content: paras.map((p) => ({ type: "paragraph", content: [{ type: "text", text: p }] })),
});

type Status = "DRAFT" | "READY" | "SCHEDULED" | "PUBLISHED";

/**
 * A reporter's story made from agency copy (v1), with an agency update (v2) waiting, other
 * agency copy to append, and an open tag suggestion: every path has something to do.
 */
async function setup(status: Status, opts: { updateEmbargo?: Date; appendEmbargo?: Date } = {}) {
  const run = randomUUID().slice(0, 8);
  const wire = makeWireItem(`Bridge closes ${run}`);
  const v1 = await wire.send(staff.editor, [`The council voted to close the bridge ${run}.`, "Repairs take two years."]);
  const { id } = await createStoryFromWire(staff.reporter, v1.versionId);
  // The agency's update: ninjs carries an embargo in `embargoed`.
  const v2 = await sendNinjsUpdate(wire.uri, `Bridge closes ${run}`, opts.updateEmbargo);
  const [appendReport] = await importWireFiles(staff.editor, [
    opts.appendEmbargo
      ? embargoedPlaintext(opts.appendEmbargo, `More on the bridge ${run}`)
      : { name: `more-${run}.txt`, bytes: new TextEncoder().encode(plain(`More on the bridge ${run}`)) },
  ]);
  const appendOutcome = appendReport!.outcomes[0]!;
  if (appendOutcome.status === "failed") throw new Error(appendOutcome.reason);
  if (status === "READY") await transitionStory(staff.editor, id, "approve");
  if (status === "SCHEDULED")
    await transitionStory(staff.editor, id, "schedule", { scheduledAt: new Date(Date.now() + 3_600_000) });
  if (status === "PUBLISHED") await transitionStory(staff.editor, id, "publish");
  await settleStorySuggestions();
  const suggestion = await db().tagSuggestion.create({
    data: { storyId: id, key: `KEYWORD:bridges ${run}`, kind: "KEYWORD", name: `Bridges ${run}`, score: 1, origin: "text" },
  });
  const story = await getStoryForDesk(staff.editor, id);
  return { id, run, story, v2VersionId: v2, appendVersionId: appendOutcome.versionId, suggestionId: suggestion.id };
}
type Setup = Awaited<ReturnType<typeof setup>>;

function plain(headline: string) {
  return ` date 2026-11-27 \n\n${headline}\n\nOSLO (dpa-AFX) - ${headline}: the ferry will run instead.\n\nCopyright dpa-AFX`;
}

async function sendNinjsUpdate(uri: string, headline: string, embargo?: Date): Promise<string> {
  const item = {
    uri,
    type: "text",
    version: "2",
    versioncreated: new Date(Date.UTC(2026, 10, 27, 11)).toISOString(),
    pubstatus: "usable",
    language: "en",
    headline,
    ...(embargo ? { embargoed: embargo.toISOString() } : {}),
    byline: "By Test Reporter",
    body_html: `<p>The council voted to close the bridge.</p><p>Repairs take three years, the agency now says.</p>`,
  };
  const [report] = await importWireFiles(staff.editor, [
    { name: "update.json", bytes: new TextEncoder().encode(JSON.stringify(item)) },
  ]);
  const outcome = report!.outcomes[0]!;
  if (outcome.status === "failed") throw new Error(outcome.reason);
  return outcome.versionId;
}

/** Each write path, as the UI calls it. `base` overrides the version the writer is based on. */
type Path = {
  name: string;
  /** Writes the story's text or tags (not autosave, which keeps a working copy only). */
  changesStory: boolean;
  /** Takes the version the writer's copy is based on. */
  versioned: boolean;
  run: (actor: Actor, s: Setup, base?: number) => Promise<unknown>;
};

const content = (s: Setup, headline: string) => ({
  headline,
  standfirst: s.story.standfirst,
  byline: s.story.byline,
  datelinePlace: s.story.datelinePlace,
  body: doc(`Edited text ${s.run}.`),
  tags: s.story.tags.map(({ tag }) => ({ id: tag.id, kind: tag.kind, name: tag.name })),
});

const PATHS: Path[] = [
  {
    name: "save",
    changesStory: true,
    versioned: true,
    run: (a, s, base) => saveStory(a, s.id, { ...content(s, `Saved ${s.run}`), baseVersion: base ?? s.story.version }),
  },
  {
    name: "autosave",
    changesStory: false,
    versioned: true,
    run: (a, s, base) => autosaveStory(a, s.id, { ...content(s, `Autosaved ${s.run}`), baseVersion: base ?? s.story.version }),
  },
  {
    name: "restore",
    changesStory: true,
    versioned: true,
    run: (a, s, base) => restoreRevision(a, s.id, 1, base ?? s.story.version),
  },
  {
    name: "merge",
    changesStory: true,
    versioned: true,
    run: (a, s, base) =>
      applyAgencyMerge(a, s.id, { baseVersion: base ?? s.story.version, theirsVersionId: s.v2VersionId, body: {}, fields: {} }),
  },
  { name: "append", changesStory: true, versioned: false, run: (a, s) => appendWireToStory(a, s.id, s.appendVersionId) },
  { name: "suggestion accept", changesStory: true, versioned: false, run: (a, s) => acceptSuggestion(a, s.suggestionId) },
];

/** What the public cache servers hear: Postgres notifications, or the in-process emitter on PGlite. */
async function listen(): Promise<{ keys: () => string[]; stop: () => Promise<void> }> {
  const received: string[][] = [];
  if (env().WIREDESK_EMBEDDED === "1") {
    const off = onLocalInvalidation((keys) => received.push(keys));
    return { keys: () => received.flat(), stop: async () => off() };
  }
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  client.on("notification", (m) => received.push((JSON.parse(m.payload ?? "{}") as { keys: string[] }).keys));
  await client.query("LISTEN wiredesk_public");
  return { keys: () => received.flat(), stop: () => client.end() };
}
const settle = () => new Promise((r) => setTimeout(r, 250));

describe.each(PATHS)("write path: $name", (path) => {
  it("refuses while someone else holds the edit lock, and changes nothing", async () => {
    const s = await setup("DRAFT");
    await acquireStoryLock(staff.admin, s.id);
    try {
      await expect(path.run(staff.editor, s)).rejects.toMatchObject({
        code: "CONFLICT",
        details: { reason: "locked", lockHolder: { id: staff.admin.id } },
      });
      expect((await getStoryForDesk(staff.editor, s.id)).version).toBe(s.story.version);
    } finally {
      await releaseLock(staff.admin, s.id);
    }
  });

  it("on a published story: purges the story's public pages after the write (autosave: nothing public changes)", async () => {
    const s = await setup("PUBLISHED");
    const l = await listen();
    try {
      await path.run(staff.editor, s);
      await settle();
      if (path.changesStory) {
        expect(l.keys()).toEqual(expect.arrayContaining([`story:${s.story.slug}`, `story:${s.id}`, "home", "feeds", "api"]));
      } else expect(l.keys()).toEqual([]);
    } finally {
      await l.stop();
    }
  });

  it("a reporter cannot change their own published story", async () => {
    const s = await setup("PUBLISHED");
    await expect(path.run(staff.reporter, s)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await getStoryForDesk(staff.editor, s.id)).version).toBe(s.story.version);
  });

  it.each(["READY", "SCHEDULED"] as const)(
    "a reporter's change to an approved (%s) story sends it back to review; the schedule is dropped",
    async (status) => {
      const s = await setup(status);
      await path.run(staff.reporter, s);
      const after = await getStoryForDesk(staff.editor, s.id);
      if (!path.changesStory) {
        expect(after.status).toBe(status); // an autosave changes nothing an editor approved
        return;
      }
      expect(after.status).toBe("IN_REVIEW");
      expect(after.scheduledAt).toBeNull();
      if (status === "SCHEDULED") {
        expect(
          await runScheduledPublish({ storyId: s.id, scheduledAt: s.story.scheduledAt!.toISOString(), actorId: staff.editor.id }),
        ).toBe("stale");
        expect((await getStoryForDesk(staff.editor, s.id)).status).toBe("IN_REVIEW");
      }
    },
  );

  it("an editor's change to an approved story keeps it approved", async () => {
    const s = await setup("READY");
    await path.run(staff.editor, s);
    expect((await getStoryForDesk(staff.editor, s.id)).status).toBe("READY");
  });

  it("nothing can be changed on a killed story", async () => {
    const s = await setup("DRAFT");
    await transitionStory(staff.editor, s.id, "kill");
    const killed = await getStoryForDesk(staff.editor, s.id);
    await expect(path.run(staff.editor, { ...s, story: killed })).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
  });
});

// Append and suggestion accept take no base version: they read the story under its row lock
// and add to whatever is current, so "stale" cannot apply to them.
describe.each(PATHS.filter((p) => p.versioned))("versioned write path: $name", (path) => {
  it("refuses a copy based on an older version (stale), naming the current one", async () => {
    const s = await setup("DRAFT");
    await transitionStory(staff.editor, s.id, "approve"); // someone else moved the story on
    await expect(path.run(staff.editor, s, s.story.version)).rejects.toMatchObject({
      code: "CONFLICT",
      details: { reason: "stale", currentVersion: s.story.version + 1 },
    });
  });
});

describe("embargo: copy a write brings in binds the story", () => {
  const later = () => new Date(Date.now() + 6 * 3_600_000);

  it("append: embargoed agency copy cannot go into a live story", async () => {
    const s = await setup("PUBLISHED", { appendEmbargo: later() });
    await expect(appendWireToStory(staff.editor, s.id, s.appendVersionId)).rejects.toMatchObject({
      code: "VALIDATION",
      details: { reason: "embargoed" },
    });
    const after = await getStoryForDesk(staff.editor, s.id);
    expect(after.version).toBe(s.story.version);
    expect(after.bodyText).not.toContain("ferry");
  });

  it("append: into a draft it carries the embargo, so publishing waits for it", async () => {
    const until = later();
    const s = await setup("DRAFT", { appendEmbargo: until });
    await appendWireToStory(staff.editor, s.id, s.appendVersionId);
    const after = await getStoryForDesk(staff.editor, s.id);
    expect(after.embargoUntil?.toISOString().slice(0, 16)).toBe(until.toISOString().slice(0, 16));
    await expect(transitionStory(staff.editor, s.id, "publish")).rejects.toMatchObject({ details: { reason: "embargoed" } });
  });

  it("merge: an embargoed agency update cannot be merged into a live story", async () => {
    const s = await setup("PUBLISHED", { updateEmbargo: later() });
    await expect(
      applyAgencyMerge(staff.editor, s.id, { baseVersion: s.story.version, theirsVersionId: s.v2VersionId }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: { reason: "embargoed" } });
  });

  it("save, autosave, restore and suggestion accept bring no agency copy, so no embargo of their own (documented N/A)", () => {
    expect(PATHS.filter((p) => !["append", "merge"].includes(p.name)).map((p) => p.name)).toEqual([
      "save",
      "autosave",
      "restore",
      "suggestion accept",
    ]);
  });
});

describe("killed source", () => {
  async function killedSourceDraft(status: Status) {
    const run = randomUUID().slice(0, 8);
    const wire = makeWireItem(`Killed source ${run}`);
    const v1 = await wire.send(staff.editor, [`A claim that turned out wrong ${run}.`]);
    const { id } = await createStoryFromWire(staff.editor, v1.versionId);
    if (status === "PUBLISHED") await transitionStory(staff.editor, id, "publish");
    const slug = (await getStoryForDesk(staff.editor, id)).slug;
    const l = await listen();
    try {
      await wire.send(staff.editor, [], { pubstatus: "canceled" });
      await settle();
      return { id, slug, keys: l.keys() };
    } finally {
      await l.stop();
    }
  }

  it("an agency kill takes a live story down through the transitions table, with revision, audit and purge", async () => {
    const { id, slug, keys } = await killedSourceDraft("PUBLISHED");
    const story = await getStoryForDesk(staff.editor, id);
    expect(story.status).toBe("KILLED");
    expect(story.killedAt).not.toBeNull();
    expect(keys).toEqual(expect.arrayContaining([`story:${slug}`, `story:${id}`, "home"]));
    const audit = await db().auditLog.findFirst({ where: { action: "story.kill", targetId: id } });
    expect(audit?.meta).toMatchObject({ reason: "agency kill", from: "PUBLISHED", to: "KILLED" });
    const rev = await db().storyRevision.findFirst({ where: { storyId: id }, orderBy: { number: "desc" } });
    expect(rev).toMatchObject({ kind: "TRANSITION", status: "KILLED" });
  });

  it("publishing a story whose source the agency killed is refused in the service, until an editor verifies it", async () => {
    const { id } = await killedSourceDraft("DRAFT");
    await expect(transitionStory(staff.editor, id, "publish")).rejects.toMatchObject({
      code: "VALIDATION",
      details: { reason: "source-killed" },
    });
    const { version } = await getStoryForDesk(staff.editor, id);
    await expect(setIndependentlyVerified(staff.reporter, id, { verified: true, baseVersion: version })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await setIndependentlyVerified(staff.editor, id, { verified: true, baseVersion: version });
    await transitionStory(staff.editor, id, "publish");
    expect((await getStoryForDesk(staff.editor, id)).status).toBe("PUBLISHED");
  });

  it("a verified live story survives an agency kill", async () => {
    const run = randomUUID().slice(0, 8);
    const wire = makeWireItem(`Verified ${run}`);
    const v1 = await wire.send(staff.editor, [`Our own reporting confirms ${run}.`]);
    const { id } = await createStoryFromWire(staff.editor, v1.versionId);
    const { version } = await getStoryForDesk(staff.editor, id);
    await setIndependentlyVerified(staff.editor, id, { verified: true, baseVersion: version });
    await transitionStory(staff.editor, id, "publish");
    await wire.send(staff.editor, [], { pubstatus: "canceled" });
    expect((await getStoryForDesk(staff.editor, id)).status).toBe("PUBLISHED");
  });
});

describe("tags removed after an autosave", () => {
  it("a save that removes a tag purges that tag's page and feeds, whatever autosave stored before", async () => {
    const s = await setup("PUBLISHED");
    const tagged = await saveStory(staff.editor, s.id, {
      ...content(s, `Tagged ${s.run}`),
      tags: [{ kind: "KEYWORD", name: `Ferries ${s.run}` }],
      baseVersion: s.story.version,
    });
    const story = await getStoryForDesk(staff.editor, s.id);
    const tag = story.tags.find(({ tag: t }) => t.name === `Ferries ${s.run}`)!.tag;
    // The editor's autosave runs first (its snapshot stores the tags as the form has them) ...
    await autosaveStory(staff.editor, s.id, {
      ...content({ ...s, story }, `Tagged ${s.run}`),
      tags: [],
      baseVersion: tagged.version,
    });
    const l = await listen();
    try {
      // ... then the save that removes the tag.
      await saveStory(staff.editor, s.id, {
        ...content({ ...s, story }, `Tagged ${s.run}`),
        tags: [],
        baseVersion: tagged.version,
      });
      await settle();
      expect(l.keys()).toContain(`tag:${tag.slug}`);
    } finally {
      await l.stop();
    }
  });
});
