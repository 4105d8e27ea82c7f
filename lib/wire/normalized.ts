import { z } from "zod";

/**
 * The one normalized wire item. Every adapter (lib/wire/adapters/*) reshapes its
 * format into this type; nothing else in the app knows a wire format exists.
 * This shape is also the stable output contract of `npm run wire -- parse`.
 */

export const WIRE_FORMATS = [
  "plaintext",
  "nitf",
  "newsml-g2",
  "newsml-1.2",
  "ninjs-1",
  "ninjs-2",
  "dpa-digitalwires",
  "ap-media-api",
  "rss-2.0",
  "rss-1.0",
  "atom-1.0",
  "iptc-7901",
  "anpa-1312",
  "ritzau-rbnews",
] as const;
export type WireFormat = (typeof WIRE_FORMATS)[number];

const isoDate = z.iso.datetime({ offset: false }).nullable();

export const subjectSchema = z.object({
  scheme: z.string(),
  code: z.string(),
  name: z.string().nullable(),
});
export type Subject = z.infer<typeof subjectSchema>;

/** What an item is (IPTC's itemClass / ninjs type): a package groups other items. */
export const ITEM_CLASSES = ["text", "picture", "graphic", "audio", "video", "package"] as const;
export type ItemClass = (typeof ITEM_CLASSES)[number];

/** An item a package groups (G2 itemRef), by the agency's own identifiers. */
export const itemReferenceSchema = z.object({
  guid: z.string().min(1),
  version: z.number().int().nonnegative().nullable(),
  itemClass: z.enum(ITEM_CLASSES).nullable(),
  title: z.string().nullable(),
});
export type ItemReference = z.infer<typeof itemReferenceSchema>;

/**
 * A picture (or other media) a text item refers to: G2 remoteContent / a linked picture item,
 * ninjs associations, NITF media. Kept as a reference; the media itself is not fetched here.
 */
export const mediaReferenceSchema = z.object({
  itemClass: z.enum(ITEM_CLASSES),
  /** The agency's name for the link ("featuremedia", "embedded123", an NITF media id), if any. */
  role: z.string().nullable(),
  guid: z.string().nullable(),
  href: z.string().nullable(),
  contentType: z.string().nullable(),
  caption: z.string().nullable(),
  credit: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});
export type MediaReference = z.infer<typeof mediaReferenceSchema>;

export const normalizedItemSchema = z.object({
  source: z.string(),
  format: z.enum(WIRE_FORMATS),
  guid: z.string().min(1),
  /** The agency's version number as sent (AP counts from 0). */
  version: z.number().int().nonnegative(),
  itemClass: z.enum(ITEM_CLASSES).default("text"),
  headline: z.string().nullable(),
  subheadline: z.string().nullable(),
  slugline: z.string().nullable(),
  byline: z.string().nullable(),
  dateline: z.object({
    place: z.string().nullable(),
    agency: z.string().nullable(),
    date: isoDate,
  }),
  firstCreated: isoDate,
  versionCreated: isoDate,
  language: z.string().nullable(),
  urgency: z.number().int().nullable(),
  pubStatus: z.enum(["usable", "withheld", "canceled"]),
  embargoUntil: isoDate,
  signal: z.enum(["new", "update", "correction", "kill"]),
  subjects: z.array(subjectSchema),
  keywords: z.array(z.string()),
  places: z.array(z.string()),
  genre: z.string().nullable(),
  credit: z.string().nullable(),
  bodyHtml: z.string(),
  bodyText: z.string(),
  /** For a package: the items it groups, in order. */
  references: z.array(itemReferenceSchema).default([]),
  /** Pictures and other media the item refers to. */
  media: z.array(mediaReferenceSchema).default([]),
});
export type NormalizedItem = z.infer<typeof normalizedItemSchema>;

/** Machine-readable reasons a file could not be parsed. */
export const PARSE_ERROR_CODES = [
  "EMPTY",
  "BINARY",
  "ENCODING",
  "MALFORMED",
  "XML_ENTITIES",
  "UNKNOWN_FORMAT",
  "SCHEMA",
  "NO_CONTENT",
  "TOO_LARGE",
] as const;
export type ParseErrorCode = (typeof PARSE_ERROR_CODES)[number];

export type ParseFailure = {
  source: string;
  error: { code: ParseErrorCode; message: string };
};

export type ParseResult = NormalizedItem | ParseFailure;

export function isParseFailure(r: ParseResult): r is ParseFailure {
  return "error" in r;
}

/** Thrown by adapters; turned into a ParseFailure by parseWireFile. */
export class WireParseError extends Error {
  constructor(
    readonly code: ParseErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "WireParseError";
  }
}
