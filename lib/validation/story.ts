import { z } from "zod";
import { parseStoryDoc } from "@/lib/editor/doc-schema";
import { idSchema } from "./ids";

/**
 * The shapes the browser sends when it writes a story, in one place: the services parse them
 * at their boundary, and forms may use them to check input before sending. Pure zod and the
 * document schema: nothing server-only.
 */

/** Single-line text fields: no control or bidi-override characters, trimmed, bounded. */
export const line = (max: number) =>
  z
    .string()
    .transform((s) =>
      s
        .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .pipe(z.string().max(max));

export const headlineSchema = line(300).pipe(z.string().min(1, "A headline is required"));

export const TAG_KINDS = ["MEDIA_TOPIC", "PERSON", "ORGANISATION", "PLACE", "KEYWORD"] as const;

export const tagName = z
  .string()
  .transform((s) =>
    s
      .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "")
      .replace(/\s+/g, " ")
      .trim(),
  )
  .pipe(z.string().min(1).max(100));

export const tagInputSchema = z.object({
  kind: z.enum(TAG_KINDS),
  name: tagName,
  // Set when the tag was picked from the picker: that exact tag, whatever its name.
  id: idSchema.optional(),
});
export type TagInput = z.input<typeof tagInputSchema>;

/** Anchors the browser mapped through its edits, sent with a save. */
export const anchorHintsSchema = z
  .array(z.object({ id: idSchema, from: z.number().int().min(0), to: z.number().int().min(0) }))
  .max(2000);

export const storyContentSchema = z.object({
  headline: headlineSchema,
  standfirst: line(1000),
  byline: line(200),
  datelinePlace: line(100),
  body: z.unknown().transform((v, ctx) => {
    try {
      return parseStoryDoc(v);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: e instanceof Error ? e.message : "Invalid document" });
      return z.NEVER;
    }
  }),
  tags: z.array(tagInputSchema).max(100),
});

/** A save names the version it was based on; a stale save is refused with CONFLICT. */
// `anchors`: where the browser mapped each annotation to while editing (lib/services/annotations.ts).
export const saveStorySchema = storyContentSchema.extend({
  baseVersion: z.number().int().positive(),
  anchors: anchorHintsSchema.optional(),
});
export type SaveStoryInput = z.input<typeof saveStorySchema>;

const instant = z.coerce
  .date({ error: "Choose a date and time" })
  .refine((d) => !Number.isNaN(d.getTime()), "Choose a date and time");

/** Set, move or lift (null) an embargo; lifting or bringing it forward needs a reason. */
export const embargoSchema = z.object({
  until: instant.nullable(),
  reason: z.string().trim().max(500).optional(),
  baseVersion: z.number().int().positive(),
});

export const verifySchema = z.object({ verified: z.boolean(), baseVersion: z.number().int().positive() });

export const scheduleInputSchema = z.object({ at: instant });
