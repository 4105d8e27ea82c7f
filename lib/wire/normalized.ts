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
] as const;
export type WireFormat = (typeof WIRE_FORMATS)[number];

const isoDate = z.iso.datetime({ offset: false }).nullable();

export const subjectSchema = z.object({
  scheme: z.string(),
  code: z.string(),
  name: z.string().nullable(),
});
export type Subject = z.infer<typeof subjectSchema>;

export const normalizedItemSchema = z.object({
  source: z.string(),
  format: z.enum(WIRE_FORMATS),
  guid: z.string().min(1),
  version: z.number().int().positive(),
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
