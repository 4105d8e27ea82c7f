/**
 * SECURITY.md's roles × actions matrix at the service level, cell by cell, for six
 * principals: anonymous, reporter, editor, admin, a deactivated editor and an editor
 * demoted to reporter. The last two hold a session token that was valid a moment ago; it
 * is resolved through the same check every request uses (actorForSession), so what the
 * services see here is what they see in production. The HTTP side (server-action POSTs,
 * route handlers, headers, path variants) is in e2e/admin.spec.ts and
 * e2e/security-headers.spec.ts, against a production server.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { makeStaff, uniquePlaintext } from "@/test/helpers";
import { COVERAGE, matrixProblems, PRINCIPALS as WHO, type Expect, type MatrixRow, type Who } from "@/test/authz-coverage";
import { createUser } from "@/prisma/factories";
import { actorForSession, type TokenSession } from "@/lib/auth/session";
import { findUserForSession } from "@/lib/db/users";
import { getPublishedStoryBySlug, getPublishedStoryById } from "@/lib/db/public";
import { isAppError } from "@/lib/errors";
import type { Actor } from "@/lib/authz/policy";
import { importWireFiles } from "@/lib/services/wire-import";
import {
  createBlankStory,
  createStoryFromWire,
  getStoryForDesk,
  saveStory,
  setIndependentlyVerified,
  setStoryEmbargo,
  transitionStory,
} from "@/lib/services/stories";
import {
  changeOwnPassword,
  changeUserRole,
  inviteUser,
  issuePasswordReset,
  listUsersForAdmin,
  redeemAuthToken,
  setUserActive,
  signOutEverywhere,
} from "@/lib/services/users";
import { readAuditLog } from "@/lib/services/audit-log";
import { authenticate } from "@/lib/services/auth";
import { createFeed, deleteFeed, updateFeed } from "@/lib/services/feeds";
import { scheduleStory } from "@/lib/services/scheduling";
import { transaction } from "@/lib/db/client";
import { replacePendingSuggestions } from "@/lib/db/tags";
import { suggestionKey } from "@/lib/tagging/suggest";
import { makeWireItem } from "@/test/desk/wire-versions";
import { createAnnotation, listAnnotationsFor, replyToAnnotation, setAnnotationResolution } from "@/lib/services/annotations";
import { autosaveStory, listRevisionsFor, restoreRevision } from "@/lib/services/revisions";
import { applyAgencyMerge } from "@/lib/services/merge";
import { acquireStoryLock, releaseLock, takeOverStoryLock } from "@/lib/services/locks";
import { listStoryCorrections } from "@/lib/services/corrections";
import {
  findOrCreateTag,
  mergeTagsByName,
  renameTag,
  searchTagsForPicker,
  setTagSection,
  setTagSynonyms,
} from "@/lib/services/tags";
import { listStorySuggestions, rejectSuggestion, settleStorySuggestions } from "@/lib/services/suggestions";
import { acceptSuggestion } from "@/lib/services/suggestion-accept";
import { appendWireToStory, listAppendTargets } from "@/lib/services/wire-append";
import { getDeskActivity, getDeskOverview } from "@/lib/services/desk-queue";
import { findWireItemForDesk, findWireOriginal } from "@/lib/services/wire-items";

let staff: Awaited<ReturnType<typeof makeStaff>>;
const actors = {} as Record<Who, Actor | null>;

async function tokenFor(actor: Actor): Promise<TokenSession> {
  const row = await findUserForSession(actor.id);
  return { uid: actor.id, sv: row!.sessionVersion, authTime: Math.floor(Date.now() / 1000) };
}

async function outcome(fn: () => Promise<unknown>): Promise<Expect | string> {
  try {
    await fn();
    return "ok";
  } catch (e) {
    if (isAppError(e)) return e.status as Expect;
    throw e;
  }
}

beforeAll(async () => {
  staff = await makeStaff();
  const run = randomUUID().slice(0, 8);
  const leaving = await createUser({
    email: `leaving-${run}@test.example`,
    name: `Leaving ${run}`,
    role: "EDITOR",
    password: "correct horse battery",
  });
  const demoted = await createUser({
    email: `demoted-${run}@test.example`,
    name: `Demoted ${run}`,
    role: "EDITOR",
    password: "correct horse battery",
  });
  // Both sign in (their tokens are valid), then the admin acts.
  const leavingToken = await tokenFor(leaving);
  const demotedToken = await tokenFor(demoted);
  expect((await actorForSession(leavingToken))?.role).toBe("EDITOR");
  expect((await actorForSession(demotedToken))?.role).toBe("EDITOR");
  await setUserActive(staff.admin, leaving.id, false);
  await changeUserRole(staff.admin, demoted.id, "REPORTER");
  Object.assign(actors, {
    anon: null,
    reporter: await actorForSession(await tokenFor(staff.reporter)),
    editor: await actorForSession(await tokenFor(staff.editor)),
    admin: await actorForSession(await tokenFor(staff.admin)),
    deactivated: await actorForSession(leavingToken),
    demoted: await actorForSession(demotedToken),
  });
});

async function wireVersion(): Promise<string> {
  const [report] = await importWireFiles(staff.editor, [uniquePlaintext("The matrix test needs a wire item.")]);
  const o = report!.outcomes[0]!;
  if (o.status === "failed") throw new Error(o.reason);
  return o.versionId;
}

async function storyBy(author: Actor): Promise<string> {
  return (await createBlankStory(author, `Matrix story ${randomUUID().slice(0, 6)}`)).id;
}

async function saveInput(id: string, extra: Record<string, unknown> = {}) {
  const s = await getStoryForDesk(staff.admin, id);
  return {
    baseVersion: s.version,
    headline: `${s.headline} (edited)`,
    standfirst: s.standfirst,
    byline: s.byline,
    datelinePlace: s.datelinePlace,
    body: s.body,
    tags: s.tags.map(({ tag }) => ({ kind: tag.kind, name: tag.name })),
    ...extra,
  };
}

/** The story's own author for the "own story" rows; anonymous and deactivated try the reporter's. */
const ownStory = (actor: Actor | null) => storyBy(actor ?? staff.reporter);

/** A note by the editor on the editor's story, for reply and resolve. */
async function annotationByEditor(): Promise<string> {
  const storyId = await storyBy(staff.editor);
  return (
    await createAnnotation(staff.editor, { storyId, kind: "COMMENT", from: 1, to: 6, quote: "Matrix", body: "Check this." })
  ).id;
}

/** An older revision number and the current version, after a second save gives the story a history. */
async function storyWithHistory(id: string): Promise<{ number: number; version: number }> {
  await saveStory(staff.admin, id, await saveInput(id));
  const { story, revisions } = await listRevisionsFor(staff.admin, id);
  return { number: Math.min(...revisions.map((r) => r.number)), version: story.version };
}

/** A pending suggestion on the story, written straight to the table so the row does not depend on entity extraction. */
async function pendingSuggestion(storyId: string): Promise<string> {
  const name = `Matrix topic ${randomUUID().slice(0, 6)}`;
  // Creating the story queued a background recomputation that replaces PENDING rows; let it finish first.
  await settleStorySuggestions();
  await transaction((tx) =>
    replacePendingSuggestions(tx, storyId, [
      { key: suggestionKey("KEYWORD", name), kind: "KEYWORD", name, scheme: null, code: null, score: 0.9, origin: "matrix" },
    ]),
  );
  const pending = (await listStorySuggestions(staff.admin, storyId)).items;
  const found = pending.find((p) => p.name === name);
  if (!found) throw new Error("the matrix suggestion was not stored");
  return found.id;
}

const keywordTag = (label: string) =>
  transaction((tx) => findOrCreateTag(tx, { kind: "KEYWORD", name: `Matrix ${label} ${randomUUID().slice(0, 6)}` }));

type Row = MatrixRow & { run: (actor: Actor | null, who: Who) => Promise<unknown> };

const row = (
  anon: Expect,
  reporter: Expect,
  editor: Expect,
  admin: Expect,
  deactivated: Expect,
  demoted: Expect,
): Record<Who, Expect> => ({
  anon,
  reporter,
  editor,
  admin,
  deactivated,
  demoted,
});

const ROWS: Row[] = [
  {
    action: "open the newsroom (a desk read)",
    services: ["getStoryForDesk"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => getStoryForDesk(actor as Actor, await storyBy(staff.editor)),
  },
  {
    action: "import wire copy",
    services: ["importWireFiles"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: (actor) => importWireFiles(actor, [uniquePlaintext("Matrix import.")]),
  },
  {
    action: "create a draft from wire copy",
    services: ["createStoryFromWire"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => createStoryFromWire(actor, await wireVersion()),
  },
  {
    action: "create a blank draft",
    services: ["createBlankStory"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: (actor) => createBlankStory(actor, "Blank matrix draft"),
  },
  {
    action: "edit own draft",
    services: ["saveStory"],
    // Anonymous and deactivated own nothing; they try the reporter's draft.
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => {
      const id = await storyBy(actor ?? staff.reporter);
      return saveStory(actor, id, await saveInput(id));
    },
  },
  {
    action: "edit someone else's story",
    services: ["saveStory"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      const id = await storyBy(staff.reporter2);
      return saveStory(actor, id, await saveInput(id));
    },
  },
  {
    action: "save with a stale version",
    services: ["saveStory"],
    expect: row(401, 409, 409, 409, 401, 409),
    run: async (actor) => {
      const id = await storyBy(actor ?? staff.reporter);
      const stale = await saveInput(id);
      await saveStory(staff.admin, id, await saveInput(id));
      return saveStory(actor, id, stale);
    },
  },
  ...(["publish", "unpublish", "kill"] as const).map((step): Row => ({
    action: `${step} a story`,
    services: ["transitionStory"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      // The reporter's own story, so the refusal is the permission and not the row rule.
      const id = await storyBy(actor && actor.role === "REPORTER" ? actor : staff.reporter);
      if (step !== "publish") await transitionStory(staff.editor, id, "publish");
      return transitionStory(actor, id, step);
    },
  })),
  {
    action: "mark a story independently verified",
    services: ["setIndependentlyVerified"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      const id = await storyBy(actor && actor.role === "REPORTER" ? actor : staff.reporter);
      const { version } = await getStoryForDesk(staff.admin, id);
      return setIndependentlyVerified(actor, id, { verified: true, baseVersion: version });
    },
  },
  {
    action: "set a story's embargo",
    services: ["setStoryEmbargo"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      const id = await storyBy(actor && actor.role === "REPORTER" ? actor : staff.reporter);
      const { version } = await getStoryForDesk(staff.admin, id);
      return setStoryEmbargo(actor, id, { until: new Date(Date.now() + 3_600_000).toISOString(), baseVersion: version });
    },
  },
  {
    action: "schedule a story",
    services: ["transitionStory"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      const id = await storyBy(actor && actor.role === "REPORTER" ? actor : staff.reporter);
      return transitionStory(actor, id, "schedule", { scheduledAt: new Date(Date.now() + 86_400_000) } as never);
    },
  },
  {
    action: "schedule a story for a time (schedule control)",
    services: ["scheduleStory"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      const id = await storyBy(actor && actor.role === "REPORTER" ? actor : staff.reporter);
      return scheduleStory(actor, id, { at: new Date(Date.now() + 86_400_000).toISOString() });
    },
  },
  {
    action: "manage ingest settings (feeds)",
    services: ["createFeed", "updateFeed", "deleteFeed"],
    expect: row(401, 403, 403, "ok", 401, 403),
    run: async (actor) => {
      const input = (n: string) => ({
        name: `Matrix feed ${n}`,
        url: `https://feeds.example/${randomUUID()}.rss`,
        intervalSeconds: 300,
        enabled: false,
      });
      const { id } = await createFeed(staff.admin, input("a"));
      await updateFeed(actor, id, input("b"));
      await deleteFeed(actor, id);
      return createFeed(actor, input("c"));
    },
  },
  {
    action: "tag a story it can see (save with tags)",
    services: ["saveStory"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => {
      const id = await storyBy(actor ?? staff.reporter);
      return saveStory(
        actor,
        id,
        await saveInput(id, { tags: [{ kind: "KEYWORD", name: `Matrix ${randomUUID().slice(0, 4)}` }] }),
      );
    },
  },
  {
    action: "list users",
    services: ["listUsersForAdmin"],
    expect: row(401, 403, 403, "ok", 401, 403),
    run: (actor) => listUsersForAdmin(actor, {}),
  },
  {
    action: "invite a user",
    services: ["inviteUser"],
    expect: row(401, 403, 403, "ok", 401, 403),
    run: (actor) =>
      inviteUser(actor, { email: `inv-${randomUUID().slice(0, 8)}@test.example`, name: "Invitee", role: "REPORTER" }),
  },
  {
    action: "change a role",
    services: ["changeUserRole"],
    expect: row(401, 403, 403, "ok", 401, 403),
    run: async (actor) => changeUserRole(actor, (await freshUser()).id, "EDITOR"),
  },
  {
    action: "deactivate a user",
    services: ["setUserActive"],
    expect: row(401, 403, 403, "ok", 401, 403),
    run: async (actor) => setUserActive(actor, (await freshUser()).id, false),
  },
  {
    action: "issue a password-reset link",
    services: ["issuePasswordReset"],
    expect: row(401, 403, 403, "ok", 401, 403),
    run: async (actor) => issuePasswordReset(actor, (await freshUser()).id),
  },
  {
    action: "read the audit log",
    services: ["readAuditLog"],
    expect: row(401, 403, 403, "ok", 401, 403),
    run: (actor) => readAuditLog(actor, {}),
  },
  {
    action: "sign out everywhere (own sessions)",
    services: ["signOutEverywhere"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    // A throwaway user of the same role, so the shared actors' sessions stay valid.
    run: async (actor, who) => signOutEverywhere(actor && who !== "anon" ? await freshUser(actor.role) : actor),
  },
  {
    action: "change own password",
    services: ["changeOwnPassword"],
    // Signed-in users get past the gate and fail on the wrong current password (400).
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => {
      if (!actor) return changeOwnPassword(actor, { current: "x", next: "a brand new passphrase" });
      const user = await freshUser(actor.role);
      return changeOwnPassword(user, { current: "correct horse battery", next: "a brand new passphrase" });
    },
  },
  {
    action: "read notes on a story",
    services: ["listAnnotationsFor"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => listAnnotationsFor(actor, { storyId: await storyBy(staff.editor) }),
  },
  {
    action: "annotate a story it can see (someone else's)",
    services: ["createAnnotation"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) =>
      createAnnotation(actor, {
        storyId: await storyBy(staff.editor),
        kind: "FACT_CHECK",
        from: 1,
        to: 6,
        quote: "Matrix",
        body: "Source?",
      }),
  },
  {
    action: "annotate a wire version",
    services: ["createAnnotation"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) =>
      createAnnotation(actor, {
        wireVersionId: await wireVersion(),
        kind: "LEGAL",
        from: 1,
        to: 5,
        quote: "OSLO",
        body: "Check the dateline.",
      }),
  },
  {
    action: "reply to a note",
    services: ["replyToAnnotation"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => replyToAnnotation(actor, await annotationByEditor(), "Confirmed."),
  },
  {
    action: "resolve a note",
    services: ["setAnnotationResolution"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => setAnnotationResolution(actor, await annotationByEditor(), true),
  },
  {
    action: "restore a revision of own story",
    services: ["restoreRevision"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => {
      const id = await ownStory(actor);
      const { number, version } = await storyWithHistory(id);
      return restoreRevision(actor, id, number, version);
    },
  },
  {
    action: "restore a revision of someone else's story",
    services: ["restoreRevision"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      const id = await storyBy(staff.reporter2);
      const { number, version } = await storyWithHistory(id);
      return restoreRevision(actor, id, number, version);
    },
  },
  ...(["own", "someone else's"] as const).map((whose): Row => ({
    action: `merge an agency update into ${whose} story`,
    services: ["applyAgencyMerge"],
    expect: whose === "own" ? row(401, "ok", "ok", "ok", 401, "ok") : row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      const wire = makeWireItem(`Matrix merge ${randomUUID().slice(0, 6)}`);
      const v1 = await wire.send(staff.editor, ["The council met on Thursday.", "It adjourned early."]);
      const author = whose === "own" ? (actor ?? staff.reporter) : staff.reporter2;
      const { id } = await createStoryFromWire(author, v1.versionId);
      const v2 = await wire.send(staff.editor, [
        "The council met on Thursday.",
        "It adjourned early.",
        "A vote follows next week.",
      ]);
      const { version } = await getStoryForDesk(staff.admin, id);
      return applyAgencyMerge(actor, id, { baseVersion: version, theirsVersionId: v2.versionId });
    },
  })),
  {
    action: "hold the edit lock on own story (heartbeat, release)",
    services: ["acquireStoryLock", "releaseLock"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => {
      const id = await ownStory(actor);
      const lock = await acquireStoryLock(actor, id);
      if (!lock.heldByMe) throw new Error("the heartbeat did not take a free lock");
      return releaseLock(actor, id);
    },
  },
  {
    action: "release an edit lock (nothing held)",
    services: ["releaseLock"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => releaseLock(actor, await storyBy(staff.reporter2)),
  },
  {
    action: "take the edit lock of someone else's story",
    services: ["acquireStoryLock"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => acquireStoryLock(actor, await storyBy(staff.reporter2)),
  },
  {
    action: "take over an edit lock someone else holds",
    services: ["takeOverStoryLock"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      // Another reporter is editing their own story; a reporter may not take it, an editor may.
      const id = await storyBy(staff.reporter2);
      const held = await acquireStoryLock(staff.reporter2, id);
      if (!held.heldByMe) throw new Error("the holder did not get the lock");
      const result = await takeOverStoryLock(actor, id);
      if (!result.lock.heldByMe) throw new Error("the take-over did not move the lock");
      return result;
    },
  },
  {
    action: "autosave own story",
    services: ["autosaveStory"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => {
      const id = await ownStory(actor);
      return autosaveStory(actor, id, await saveInput(id));
    },
  },
  {
    action: "autosave someone else's story",
    services: ["autosaveStory"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      const id = await storyBy(staff.reporter2);
      return autosaveStory(actor, id, await saveInput(id));
    },
  },
  {
    action: "update a published story with a correction note",
    services: ["transitionStory", "recordCorrection"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      const id = await storyBy(actor && actor.role === "REPORTER" ? actor : staff.reporter);
      await transitionStory(staff.editor, id, "publish");
      const result = await transitionStory(actor, id, "republish", { correctionNote: "An earlier version misstated the date." });
      if ((await listStoryCorrections(staff.admin, id)).length !== 1) throw new Error("no correction was recorded");
      return result;
    },
  },
  {
    action: "list tag suggestions for a story",
    services: ["listStorySuggestions"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => listStorySuggestions(actor, await storyBy(staff.editor)),
  },
  ...(["acceptSuggestion", "rejectSuggestion"] as const).flatMap((service) =>
    (["own", "someone else's"] as const).map((whose): Row => ({
      action: `${service === "acceptSuggestion" ? "accept" : "reject"} a tag suggestion on ${whose} story`,
      services: [service],
      expect: whose === "own" ? row(401, "ok", "ok", "ok", 401, "ok") : row(401, 403, "ok", "ok", 401, 403),
      run: async (actor) => {
        const id = whose === "own" ? await ownStory(actor) : await storyBy(staff.reporter2);
        const suggestion = await pendingSuggestion(id);
        return service === "acceptSuggestion" ? acceptSuggestion(actor, suggestion) : rejectSuggestion(actor, suggestion);
      },
    })),
  ),
  {
    action: "search tags in the picker",
    services: ["searchTagsForPicker"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: (actor) => searchTagsForPicker(actor, { q: "matrix" }),
  },
  {
    action: "rename a tag (tag administration)",
    services: ["renameTag"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => renameTag(actor, (await keywordTag("rename")).id, `Matrix renamed ${randomUUID().slice(0, 6)}`),
  },
  {
    action: "set a tag's synonyms (tag administration)",
    services: ["setTagSynonyms"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => setTagSynonyms(actor, (await keywordTag("synonyms")).id, [`Matrix alias ${randomUUID().slice(0, 6)}`]),
  },
  {
    action: "merge two tags (tag administration)",
    services: ["mergeTagsByName"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      const [source, target] = [await keywordTag("source"), await keywordTag("target")];
      return mergeTagsByName(actor, source.id, target.name);
    },
  },
  {
    action: "put a tag in the site's sections (tag administration)",
    services: ["setTagSection"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => {
      const tag = await keywordTag("section");
      // In, then out again, so the matrix leaves the shared site's navigation as it was.
      await setTagSection(actor, tag.id, 99);
      return setTagSection(actor, tag.id, null);
    },
  },
  {
    action: "list stories to append wire copy to",
    services: ["listAppendTargets"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: (actor) => listAppendTargets(actor, "Matrix"),
  },
  {
    action: "append wire copy to own story",
    services: ["appendWireToStory"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => appendWireToStory(actor, await ownStory(actor), await wireVersion()),
  },
  {
    action: "append wire copy to someone else's story",
    services: ["appendWireToStory"],
    expect: row(401, 403, "ok", "ok", 401, 403),
    run: async (actor) => appendWireToStory(actor, await storyBy(staff.reporter2), await wireVersion()),
  },
  {
    action: "poll desk activity (live refresh)",
    services: ["getDeskActivity"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: (actor) => getDeskActivity(actor),
  },
  {
    action: "open the desk overview",
    services: ["getDeskOverview"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: (actor) => getDeskOverview(actor),
  },
  {
    action: "open a wire item",
    services: ["findWireItemForDesk"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: (actor) => findWireItemForDesk(actor, "no-such-item"),
  },
  {
    action: "download a wire version's original file",
    services: ["findWireOriginal"],
    expect: row(401, "ok", "ok", "ok", 401, "ok"),
    run: async (actor) => {
      const original = await findWireOriginal(actor, await wireVersion());
      if (!original) throw new Error("the original was not found");
      return original;
    },
  },
];

async function freshUser(role: Actor["role"] = "REPORTER"): Promise<Actor> {
  const run = randomUUID().slice(0, 8);
  return createUser({ email: `fresh-${run}@test.example`, name: `Fresh ${run}`, role, password: "correct horse battery" });
}

describe("the deactivated and demoted sessions", () => {
  it("a deactivated user's valid token resolves to no one; a demoted editor's to a reporter", () => {
    expect(actors.deactivated).toBeNull();
    expect(actors.demoted?.role).toBe("REPORTER");
  });
});

describe.each(ROWS)("$action", ({ expect: expected, run }) => {
  it.each(WHO)("%s", async (who) => {
    expect(await outcome(() => run(actors[who], who))).toBe(expected[who]);
  });
});

describe("the matrix covers every service behind an endpoint", () => {
  it("each service named in test/authz-coverage.ts has a row asserting its endpoint's guard for every principal", () => {
    // A row agrees with a guard when no session gets 401, a role without the permission
    // 403 and a role with it is not refused (lib/authz/policy.ts ROLE_PERMISSIONS).
    expect(matrixProblems(COVERAGE, ROWS)).toEqual([]);
  });
});

describe("public reads", () => {
  it("a draft, a scheduled, an unpublished and a killed story are not public; a published one is", async () => {
    const ids = {
      draft: await storyBy(staff.editor),
      scheduled: await storyBy(staff.editor),
      unpublished: await storyBy(staff.editor),
      killed: await storyBy(staff.editor),
      published: await storyBy(staff.editor),
    };
    await transitionStory(staff.editor, ids.scheduled, "schedule", { scheduledAt: new Date(Date.now() + 86_400_000) } as never);
    for (const id of [ids.unpublished, ids.killed, ids.published]) await transitionStory(staff.editor, id, "publish");
    await transitionStory(staff.editor, ids.unpublished, "unpublish");
    await transitionStory(staff.editor, ids.killed, "kill");
    for (const [state, id] of Object.entries(ids)) {
      const story = await getStoryForDesk(staff.admin, id);
      const visible = (await getPublishedStoryBySlug(story.slug)) !== null || (await getPublishedStoryById(id)) !== null;
      expect([state, visible]).toEqual([state, state === "published"]);
    }
  });
});

describe("mass assignment", () => {
  it("status, authorId and publishedAt in a reporter's save are never applied", async () => {
    const id = await storyBy(staff.reporter);
    const input = await saveInput(id, {
      status: "PUBLISHED",
      authorId: staff.admin.id,
      publishedAt: new Date().toISOString(),
      firstPublishedAt: new Date().toISOString(),
      version: 999,
    });
    const r = await outcome(() => saveStory(staff.reporter, id, input));
    const after = await getStoryForDesk(staff.admin, id);
    expect(after.status).toBe("DRAFT");
    expect(after.authorId).toBe(staff.reporter.id);
    expect(after.publishedAt).toBeNull();
    expect(["ok", 400]).toContain(r);
  });

  it("an invite cannot smuggle in active, sessionVersion or a password hash", async () => {
    const email = `mass-${randomUUID().slice(0, 8)}@test.example`;
    const { user } = await inviteUser(staff.admin, {
      email,
      name: "Mass",
      role: "REPORTER",
      active: false,
      sessionVersion: 42,
      passwordHash: "x",
      id: "chosen",
    });
    expect(user.active).toBe(true);
    expect(user.sessionVersion).toBe(0);
    expect(user.hasPassword).toBe(false);
    expect(user.id).not.toBe("chosen");
  });

  it("a role outside the vocabulary is refused", async () => {
    const u = await freshUser();
    expect(await outcome(() => changeUserRole(staff.admin, u.id, "SUPERUSER"))).toBe(400);
  });
});

describe("neighbouring ids", () => {
  it("a desk read of an id that does not exist is 404; signed out it is 401 either way", async () => {
    const real = await storyBy(staff.editor);
    const fake = `${real.slice(0, -1)}${real.endsWith("a") ? "b" : "a"}`;
    expect(await outcome(() => getStoryForDesk(staff.reporter, fake))).toBe(404);
    expect(await outcome(() => getStoryForDesk(null as never, real))).toBe(401);
    expect(await outcome(() => getStoryForDesk(null as never, fake))).toBe(401);
  });

  it("the public site cannot be walked to a draft by id or slug", async () => {
    const id = await storyBy(staff.editor);
    const s = await getStoryForDesk(staff.admin, id);
    expect(await getPublishedStoryById(id)).toBeNull();
    expect(await getPublishedStoryBySlug(s.slug)).toBeNull();
  });
});

describe("one-time links and sign-in for the principals", () => {
  it("a deactivated user cannot sign in or redeem a link issued before deactivation", async () => {
    const u = await createUser({
      email: `dx-${randomUUID().slice(0, 8)}@test.example`,
      name: "Dx",
      role: "EDITOR",
      password: "correct horse battery",
    });
    const link = await issuePasswordReset(staff.admin, u.id);
    await setUserActive(staff.admin, u.id, false);
    const token = link.url.split("/").pop()!;
    expect(await outcome(() => redeemAuthToken(token, "PASSWORD_RESET", "another good passphrase"))).toBe(404);
    expect(await authenticate({ email: u.email, password: "correct horse battery", ip: "203.0.113.9" })).toBeNull();
  });
});
