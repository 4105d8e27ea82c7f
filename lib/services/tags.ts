import "server-only";
import { z } from "zod";
import { db, transaction, type Tx } from "@/lib/db/client";
import {
  countSections,
  countStoryTags,
  findMediaTopic,
  findTagById,
  findTagByNameOrSynonym,
  findTagBySlug,
  insertMediaTopics,
  insertTag,
  listMediaTopicState,
  listTagsForAdmin,
  mergeTagInto,
  searchTags,
  updateMediaTopic,
  updateTag,
  type VocabularyTopic,
} from "@/lib/db/tags";
import type { TagKind } from "@/lib/db/types";
import { assertCan, type Actor } from "@/lib/authz/policy";
import { AppError, notFound } from "@/lib/errors";
import { slugify } from "@/lib/slug";
import { loadMediaTopics, type MediaTopic } from "@/lib/tagging/vocabulary";
import { SECTIONS_MAX } from "@/lib/db/public";
import { FRAME_KEY } from "@/lib/public/cache-keys";
import { invalidatePublic } from "@/lib/public/invalidate";
import { audit } from "./audit";
import { idSchema } from "@/lib/validation/ids";
import { TAG_KINDS, tagInputSchema, tagName, type TagInput } from "@/lib/validation/story";

export { TAG_KINDS, type TagInput };
type ParsedTagInput = z.output<typeof tagInputSchema>;

type Ctx = { ip?: string | null };

/** Follows merges to the live tag (merge chains are flattened on merge, so one hop suffices). */
async function liveTag(tx: Tx, id: string) {
  const tag = await findTagById(tx, id);
  if (!tag) return null;
  return tag.mergedIntoId ? findTagById(tx, tag.mergedIntoId) : tag;
}

/**
 * One canonical tag per (kind, name): a picked tag by id, else the tag with that name or
 * synonym (case-insensitive), else a new one. Media Topics come only from the vocabulary.
 */
export async function findOrCreateTag(tx: Tx, input: ParsedTagInput | TagInput) {
  const parsed = tagInputSchema.parse(input);
  if (parsed.id) {
    const tag = await liveTag(tx, parsed.id);
    if (tag && tag.kind === parsed.kind) return { id: tag.id, kind: tag.kind, name: tag.name, slug: "" };
  }
  const existing = await findTagByNameOrSynonym(tx, parsed.kind as TagKind, parsed.name);
  if (existing) return existing;
  if (parsed.kind === "MEDIA_TOPIC") {
    throw new AppError(
      "VALIDATION",
      `"${parsed.name}" is not an IPTC Media Topic; pick one from the list or add it as a keyword`,
    );
  }
  const base = slugify(parsed.name, 60);
  let slug = base;
  for (let n = 2; await findTagBySlug(tx, slug); n++) {
    slug = n === 2 ? `${base}-${parsed.kind.toLowerCase().replace("_", "-")}` : `${base}-${n}`;
  }
  return insertTag(tx, { kind: parsed.kind as TagKind, name: parsed.name, slug });
}

/** A Media Topic by code (for accepting suggestions); null when the vocabulary lacks it. */
export async function findMediaTopicTag(tx: Tx, code: string) {
  const tag = await findMediaTopic(tx, code);
  if (!tag) return null;
  return tag.mergedIntoId ? liveTag(tx, tag.mergedIntoId) : tag;
}

/**
 * Loads the IPTC Media Topics into the Tag table: one bulk INSERT for missing codes, an
 * UPDATE only for topics whose name, definition or parent changed in a newer release.
 * Safe to run on every start.
 */
export async function loadMediaTopicVocabulary(tx: Tx = db(), topics: MediaTopic[] = loadMediaTopics()) {
  const state = await listMediaTopicState(tx);
  const stored = new Map(state.topics.map((t) => [t.code, t]));
  const missing: VocabularyTopic[] = [];
  let updated = 0;
  for (const t of topics) {
    const have = stored.get(t.code);
    if (have) {
      if (have.name !== t.name || have.description !== t.definition || have.parentCode !== t.parentCode) {
        await updateMediaTopic(tx, have.id, { name: t.name, description: t.definition, parentCode: t.parentCode });
        updated++;
      }
      continue;
    }
    let slug = slugify(t.name, 60);
    if (state.slugs.has(slug)) slug = `${slug}-${t.code}`;
    state.slugs.add(slug);
    missing.push({ code: t.code, name: t.name, definition: t.definition, parentCode: t.parentCode, slug });
  }
  const inserted = await insertMediaTopics(tx, missing);
  return { inserted, updated, total: topics.length };
}

// ───────────── Picker ─────────────

const searchSchema = z.object({
  q: z
    .string()
    .max(100)
    .transform((s) => s.replace(/[\u0000-\u001f\u007f]/g, "").trim()),
  kinds: z.array(z.enum(TAG_KINDS)).max(5).optional(),
  limit: z.number().int().min(1).max(50).optional(),
});

export type PickerTag = {
  id: string;
  kind: (typeof TAG_KINDS)[number];
  name: string;
  detail: string | null;
  matchedSynonym: string | null;
};

/** Type-ahead over names and synonyms, for anyone who may tag. */
export async function searchTagsForPicker(actor: Actor | null, input: z.input<typeof searchSchema>): Promise<PickerTag[]> {
  assertCan(actor, "tag.apply");
  const { q, kinds, limit } = searchSchema.parse(input);
  if (q.length === 0) return [];
  const rows = await searchTags(q, { kinds: kinds as TagKind[] | undefined, limit: limit ?? 20 });
  const lower = q.toLowerCase();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    detail: r.kind === "MEDIA_TOPIC" ? (r.parentName ? `in ${r.parentName}` : "top level") : null,
    matchedSynonym: r.name.toLowerCase().includes(lower)
      ? null
      : (r.synonyms.find((s) => s.toLowerCase().includes(lower)) ?? null),
  }));
}

// ───────────── Administration (tag.manage) ─────────────

export async function listTagsForAdministration(actor: Actor | null, opts: { q?: string; kind?: string }) {
  assertCan(actor, "tag.manage");
  const kind = z
    .enum(TAG_KINDS)
    .optional()
    .catch(undefined)
    .parse(opts.kind || undefined);
  const q = z
    .string()
    .max(100)
    .catch("")
    .parse(opts.q ?? "");
  return listTagsForAdmin({ q, kind: kind as TagKind | undefined });
}

export async function renameTag(actor: Actor | null, id: string, name: string, ctx: Ctx = {}) {
  assertCan(actor, "tag.manage");
  const newName = tagName.parse(name);
  return transaction(async (tx) => {
    const tag = await findTagById(tx, idSchema.parse(id));
    if (!tag || tag.mergedIntoId) throw notFound("Tag not found");
    // Vocabulary names are IPTC's (and the loader keeps them in step); local wording goes in synonyms.
    if (tag.scheme === "medtop")
      throw new AppError("VALIDATION", "IPTC Media Topic names come from the vocabulary; add a synonym instead");
    const clash = await findTagByNameOrSynonym(tx, tag.kind, newName);
    if (clash && clash.id !== tag.id)
      throw new AppError("CONFLICT", `"${clash.name}" already exists; merge the two tags instead`);
    // The old name stays findable as a synonym, so pickers and suggestions still reach it.
    const synonyms = tag.name.toLowerCase() === newName.toLowerCase() ? tag.synonyms : [...new Set([...tag.synonyms, tag.name])];
    const saved = await updateTag(tx, tag.id, {
      name: newName,
      synonyms: synonyms.filter((s) => s.toLowerCase() !== newName.toLowerCase()),
    });
    // A section's name is in every public page's navigation.
    if (tag.sectionOrder !== null) await invalidatePublic(tx, [FRAME_KEY]);
    await audit(tx, {
      actorId: actor.id,
      action: "tag.rename",
      targetType: "tag",
      targetId: tag.id,
      ip: ctx.ip,
      meta: { from: tag.name, to: newName },
    });
    return saved;
  });
}

export async function setTagSynonyms(actor: Actor | null, id: string, synonyms: string[], ctx: Ctx = {}) {
  assertCan(actor, "tag.manage");
  const list = z.array(tagName).max(50).parse(synonyms);
  return transaction(async (tx) => {
    const tag = await findTagById(tx, idSchema.parse(id));
    if (!tag || tag.mergedIntoId) throw notFound("Tag not found");
    const unique: string[] = [];
    for (const s of list) {
      if (s.toLowerCase() === tag.name.toLowerCase() || unique.some((u) => u.toLowerCase() === s.toLowerCase())) continue;
      const clash = await findTagByNameOrSynonym(tx, tag.kind, s);
      if (clash && clash.id !== tag.id)
        throw new AppError("CONFLICT", `"${s}" already names the tag "${clash.name}"; merge the two tags instead`);
      unique.push(s);
    }
    const saved = await updateTag(tx, tag.id, { synonyms: unique });
    await audit(tx, {
      actorId: actor.id,
      action: "tag.synonyms",
      targetType: "tag",
      targetId: tag.id,
      ip: ctx.ip,
      meta: { synonyms: unique },
    });
    return saved;
  });
}

const sectionPosition = z.number().int().min(1).max(99).nullable();

/**
 * Puts a tag in the public site's section navigation at `position` (1 = first; ties are
 * ordered by name), or takes it out (null). Every public page carries the navigation, so
 * every cached public page is refreshed: a rare, deliberate change to the whole site, unlike
 * a story's, which refreshes only the pages that story is on.
 */
export async function setTagSection(actor: Actor | null, id: string, position: number | null, ctx: Ctx = {}) {
  assertCan(actor, "tag.manage");
  const parsed = sectionPosition.safeParse(position);
  if (!parsed.success)
    throw new AppError("VALIDATION", "A section's position is a whole number from 1 to 99 (blank: not a section)");
  const order = parsed.data;
  return transaction(async (tx) => {
    const tag = await findTagById(tx, idSchema.parse(id));
    if (!tag || tag.mergedIntoId) throw notFound("Tag not found");
    if (tag.sectionOrder === order) return tag;
    if (order !== null && tag.sectionOrder === null && (await countSections(tx)) >= SECTIONS_MAX)
      throw new AppError("VALIDATION", `The site shows at most ${SECTIONS_MAX} sections; take one out first`);
    const saved = await updateTag(tx, tag.id, { sectionOrder: order });
    await invalidatePublic(tx, [FRAME_KEY]);
    await audit(tx, {
      actorId: actor.id,
      action: "tag.section",
      targetType: "tag",
      targetId: tag.id,
      ip: ctx.ip,
      meta: { from: tag.sectionOrder, to: order },
    });
    return saved;
  });
}

/**
 * Merges `sourceId` into `targetId` in one transaction: every story link moves, the source's
 * name and synonyms become the target's synonyms, the source is marked merged (hidden from
 * pickers, resolved to the target when typed) and the merge is audited.
 */
export async function mergeTags(actor: Actor | null, sourceId: string, targetId: string, ctx: Ctx = {}) {
  assertCan(actor, "tag.manage");
  if (idSchema.parse(sourceId) === idSchema.parse(targetId))
    throw new AppError("VALIDATION", "A tag cannot be merged into itself");
  return transaction(async (tx) => {
    const [source, target] = await Promise.all([findTagById(tx, sourceId), findTagById(tx, targetId)]);
    if (!source || source.mergedIntoId || !target || target.mergedIntoId) throw notFound("Tag not found");
    if (source.kind !== target.kind) throw new AppError("VALIDATION", "Only tags of the same kind can be merged");
    if (source.scheme === "medtop" && target.scheme === "medtop") {
      throw new AppError("VALIDATION", "Two IPTC Media Topics cannot be merged; they are different concepts");
    }
    const before = await countStoryTags(tx, source.id);
    const moved = await mergeTagInto(tx, source.id, target.id);
    const synonyms = [...new Set([...target.synonyms, source.name, ...source.synonyms])].filter(
      (s) => s.toLowerCase() !== target.name.toLowerCase(),
    );
    // A section merged away hands its place to the tag that absorbed it (unless that one has its own).
    await updateTag(tx, target.id, { synonyms, sectionOrder: target.sectionOrder ?? source.sectionOrder });
    if (source.sectionOrder !== null) await invalidatePublic(tx, [FRAME_KEY]);
    await audit(tx, {
      actorId: actor.id,
      action: "tag.merge",
      targetType: "tag",
      targetId: target.id,
      ip: ctx.ip,
      meta: { sourceId: source.id, sourceName: source.name, links: before, moved },
    });
    return { targetId: target.id, links: before, moved };
  });
}

/** Merge by the target's name (as typed in the administration page): same kind, name or synonym. */
export async function mergeTagsByName(actor: Actor | null, sourceId: string, targetName: string, ctx: Ctx = {}) {
  assertCan(actor, "tag.manage");
  const name = tagName.parse(targetName);
  const source = await findTagById(db(), idSchema.parse(sourceId));
  if (!source || source.mergedIntoId) throw notFound("Tag not found");
  const target = await findTagByNameOrSynonym(db(), source.kind, name);
  if (!target) throw new AppError("VALIDATION", `No ${source.kind.toLowerCase().replace("_", " ")} tag is called "${name}"`);
  return mergeTags(actor, source.id, target.id, ctx);
}
