import type { NormalizedItem, WireFormat } from "./normalized";

/**
 * One adapter per outside format. `sniff` looks at the decoded content (never the file
 * name) and says whether this adapter claims it; `parse` reshapes it into normalized
 * items (a feed or a NewsML newsMessage yields several) or throws WireParseError.
 */
export type WireInput = {
  /** Path or name the bytes came from; copied into `source`. */
  source: string;
  /** Decoded text (see lib/wire/decode.ts). */
  text: string;
  /** Time the file was received; used when the content carries no date at all. */
  receivedAt: Date;
};

export type WireAdapter = {
  format: WireFormat | readonly WireFormat[];
  sniff(input: WireInput): boolean;
  parse(input: WireInput): NormalizedItem[];
};
