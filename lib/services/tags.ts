import "server-only";
import type { Tx } from "@/lib/db/client";
import { findTagByKindAndName, findTagBySlug, insertTag } from "@/lib/db/tags";
import type { TagKind } from "@/lib/db/types";
import { slugify } from "@/lib/slug";
import { z } from "zod";

export const TAG_KINDS = ["MEDIA_TOPIC", "PERSON", "ORGANISATION", "PLACE", "KEYWORD"] as const;

export const tagInputSchema = z.object({
  kind: z.enum(TAG_KINDS),
  name: z
    .string()
    .transform((s) => s.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "").replace(/\s+/g, " ").trim())
    .pipe(z.string().min(1).max(100)),
});
export type TagInput = z.infer<typeof tagInputSchema>;

/** One canonical tag per (kind, name, case-insensitive); created on first use. */
export async function findOrCreateTag(tx: Tx, input: TagInput) {
  const existing = await findTagByKindAndName(tx, input.kind as TagKind, input.name);
  if (existing) return existing;
  const base = slugify(input.name, 60);
  let slug = base;
  for (let n = 2; await findTagBySlug(tx, slug); n++) {
    slug = n === 2 ? `${base}-${input.kind.toLowerCase().replace("_", "-")}` : `${base}-${n}`;
  }
  return insertTag(tx, { kind: input.kind as TagKind, name: input.name, slug });
}
