import { z } from "zod";

/**
 * The subset of IPTC ninjs 2.0 (https://iptc.org/std/ninjs/) that the content API emits,
 * as a zod schema. Strict: a property ninjs 2.0 does not define fails validation, so the
 * tests catch a mapping that drifts from the standard. Names and shapes follow the
 * ninjs 2.0 JSON Schema: lowercase property names; headlines, descriptions and bodies are
 * arrays of { role, contenttype, value }; dates are ISO 8601 date-times.
 */
const dateTime = z.iso.datetime({ offset: true });
const text = z.string();

const roleValue = z.strictObject({
  role: text.optional(),
  contenttype: text.optional(),
  value: text,
});

const body = z.strictObject({
  role: text.optional(),
  contenttype: text.optional(),
  charcount: z.number().int().nonnegative().optional(),
  wordcount: z.number().int().nonnegative().optional(),
  value: text,
});

const concept = z.strictObject({
  name: text.optional(),
  rel: text.optional(),
  uri: z.url().optional(),
  literal: text.optional(),
});

export const ninjsItemSchema = z.strictObject({
  uri: z.url(),
  type: z.enum(["text", "audio", "video", "picture", "graphic", "composite", "component"]),
  representationtype: z.enum(["complete", "incomplete", "associated"]).optional(),
  profile: text.optional(),
  version: text.optional(),
  firstcreated: dateTime.optional(),
  versioncreated: dateTime.optional(),
  contentcreated: dateTime.optional(),
  embargoed: dateTime.optional(),
  pubstatus: z.enum(["usable", "withheld", "canceled"]).optional(),
  urgency: z.number().int().min(1).max(9).optional(),
  copyrightholder: text.optional(),
  copyrightnotice: text.optional(),
  usageterms: text.optional(),
  ednote: text.optional(),
  language: text.optional(),
  headlines: z.array(roleValue).optional(),
  descriptions: z.array(roleValue).optional(),
  bodies: z.array(body).optional(),
  by: text.optional(),
  slugline: text.optional(),
  located: text.optional(),
  title: text.optional(),
  people: z.array(concept).optional(),
  organisations: z.array(concept).optional(),
  places: z.array(concept).optional(),
  subjects: z.array(concept).optional(),
  keywords: z.array(text).optional(),
  altids: z.array(z.strictObject({ role: text.optional(), value: text })).optional(),
  infosources: z.array(z.strictObject({ name: text.optional(), uri: z.url().optional(), role: text.optional() })).optional(),
});

export type NinjsItem = z.infer<typeof ninjsItemSchema>;

/** The list envelope of GET /api/content/stories (ours: ninjs defines items, not lists). */
export const ninjsListSchema = z.strictObject({
  items: z.array(ninjsItemSchema),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  next: z.url().nullable(),
  prev: z.url().nullable(),
});
