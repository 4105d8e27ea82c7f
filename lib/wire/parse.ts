import { readFile, stat } from "node:fs/promises";
import { decodeWireBytes } from "./decode";
import { detectAdapter } from "./detect";
import {
  normalizedItemSchema,
  WireParseError,
  type NormalizedItem,
  type ParseErrorCode,
  type ParseFailure,
  type ParseResult,
} from "./normalized";

/** Files larger than this are refused before they are decoded. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export type ParseWireOptions = {
  /** When the file arrived; adapters use it only when the content carries no date. Default: now. */
  receivedAt?: Date;
  /** Size limit in bytes. Default: 20 MB. */
  maxBytes?: number;
};

/**
 * Parse one wire file's bytes into normalized items: size check → decode → detect the
 * format from the content → adapter → schema check of every item. Bad input never
 * throws; it comes back as a ParseFailure ({ source, error: { code, message } }).
 * A file can yield several results (a feed or a NewsML newsMessage holds many items).
 */
export function parseWireBytes(bytes: Uint8Array, source: string, opts: ParseWireOptions = {}): ParseResult[] {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) return [tooLarge(source, bytes.length, maxBytes)];

  let format = "wire";
  try {
    const { text } = decodeWireBytes(bytes);
    const input = { source, text, receivedAt: opts.receivedAt ?? new Date() };
    const adapter = detectAdapter(input);
    format = [adapter.format].flat().join("/");
    const items = adapter.parse(input);
    if (items.length === 0) return [failure(source, "NO_CONTENT", `the ${format} file holds no items`)];
    return items.map((item, i) => validateItem(item, source, items.length > 1 ? i : null));
  } catch (e) {
    if (e instanceof WireParseError) return [failure(source, e.code, e.message)];
    // An adapter tripping over input it did not expect is still bad input, not a crash.
    const message = e instanceof Error ? e.message : String(e);
    return [failure(source, "MALFORMED", `could not read the file as ${format}: ${message}`)];
  }
}

/** Read a file from disk and parse it. I/O errors (missing file, permissions) are thrown. */
export async function parseWireFile(path: string, opts: ParseWireOptions = {}): Promise<ParseResult[]> {
  const info = await stat(path);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  // Refuse before reading, so a huge file never lands in memory.
  if (info.size > maxBytes) return [tooLarge(path, info.size, maxBytes)];
  const bytes = await readFile(path);
  return parseWireBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path, {
    ...opts,
    receivedAt: opts.receivedAt ?? info.mtime,
  });
}

function validateItem(item: NormalizedItem, source: string, index: number | null): ParseResult {
  const parsed = normalizedItemSchema.safeParse(item);
  if (parsed.success) return parsed.data;
  const where = index === null ? "the item" : `item ${index + 1}`;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(item)"}: ${issue.message}`)
    .join("; ");
  return failure(source, "SCHEMA", `${where} does not fit the normalized schema: ${issues}`);
}

function tooLarge(source: string, size: number, maxBytes: number): ParseFailure {
  return failure(
    source,
    "TOO_LARGE",
    `the file has ${size} bytes, more than the limit of ${maxBytes} bytes (${formatSize(maxBytes)})`,
  );
}

function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

function failure(source: string, code: ParseErrorCode, message: string): ParseFailure {
  return { source, error: { code, message } };
}
