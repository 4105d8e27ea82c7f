import { WireParseError } from "./normalized";

/**
 * Bytes → text for wire files. Agencies send UTF-8, UTF-16 (with a BOM), and still a
 * lot of Windows-1252 / ISO-8859-1 without saying so. The rules, in order:
 *
 * 1. 0 bytes, or only whitespace after decoding → EMPTY.
 * 2. A byte-order mark decides (UTF-8, UTF-16LE/BE) and wins over any declaration.
 *    UTF-16 without a BOM is recognised by its zero-byte pattern (as XML 1.0 App. F does).
 * 3. Otherwise NUL bytes mean binary data → BINARY (never "decode" it as Windows-1252).
 * 4. An XML declaration's `encoding=` is honoured. Declared UTF-8 is decoded strictly:
 *    invalid bytes → ENCODING with the offending byte, offset, line and a hint.
 * 5. Undeclared: valid UTF-8 is UTF-8, anything else is Windows-1252 (a superset of
 *    the printable part of ISO-8859-1, and what "latin1" means in practice).
 * 6. Too many control characters in the result → BINARY.
 *
 * The text returned has no leading BOM and only "\n" line endings.
 */
export type DecodedText = {
  text: string;
  /** WHATWG encoding name actually used, e.g. "utf-8", "windows-1252", "utf-16le". */
  encoding: string;
};

/** Share of control characters above which decoded "text" is treated as binary. */
const MAX_CONTROL_RATIO = 0.05;

export function decodeWireBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new WireParseError("EMPTY", "the file is empty (0 bytes)");

  const bom = detectBom(bytes);
  let encoding: string;
  let body: Uint8Array;
  if (bom) {
    encoding = bom.encoding;
    body = bytes.subarray(bom.length);
  } else {
    body = bytes;
    encoding = detectUtf16WithoutBom(bytes) ?? "";
    if (!encoding) {
      const nul = bytes.indexOf(0);
      if (nul !== -1) {
        throw new WireParseError(
          "BINARY",
          `the file looks like binary data, not text: it contains NUL bytes (first at offset ${nul})`,
        );
      }
      encoding = chooseEightBitEncoding(bytes);
    }
  }

  const text = normalizeText(decodeWith(encoding, body));
  if (text.trim() === "") {
    throw new WireParseError("EMPTY", "the file contains only whitespace");
  }
  assertMostlyPrintable(text);
  return { text, encoding };
}

/** What the decoded text looks like syntactically; used to sniff formats and to word errors. */
export type TextSyntax = "xml" | "json" | "text";

export function sniffSyntax(text: string): TextSyntax {
  const head = text.trimStart();
  if (head.startsWith("<")) return "xml";
  if (head.startsWith("{")) return "json";
  // "[" also opens plain-text tags such as "[EMBARGOED]"; only call it JSON when it is.
  if (head.startsWith("[")) {
    if (/^\[\s*(?:[{["\d\]-]|true\b|false\b|null\b)/.test(head)) return "json";
    try {
      JSON.parse(head);
      return "json";
    } catch {
      return "text";
    }
  }
  return "text";
}

function detectBom(bytes: Uint8Array): { encoding: string; length: number } | null {
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: "utf-8", length: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: "utf-16be", length: 2 };
  return null;
}

/**
 * UTF-16 without a BOM: ASCII-range text has a zero in every other byte. Random or
 * binary data does not show that regular pattern, so it still ends up as BINARY.
 */
function detectUtf16WithoutBom(bytes: Uint8Array): string | null {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd >= pairs * 0.9 && zeroEven <= pairs * 0.02) return "utf-16le";
  if (zeroEven >= pairs * 0.9 && zeroOdd <= pairs * 0.02) return "utf-16be";
  return null;
}

function chooseEightBitEncoding(bytes: Uint8Array): string {
  const declared = declaredXmlEncoding(bytes);
  if (declared) {
    const label = declared.toLowerCase();
    if (label === "utf-8" || label === "utf8") {
      assertValidUtf8(bytes, `declared ${declared.toUpperCase()}`);
      return "utf-8";
    }
    // The declaration was readable as ASCII, so the bytes are not UTF-16/32 whatever it says.
    if (/^(utf-?16|utf-?32|ucs-?2|ucs-?4)/.test(label)) return chooseUndeclared(bytes);
    // Declared a single-byte charset, but the bytes are UTF-8 with multi-byte characters: the
    // declaration was left over by the software that wrote it. Reading such bytes as Latin-1
    // is the double decoding that turns "é" into "Ã©"; real Latin-1 text is practically never
    // valid UTF-8 once it has any byte above 0x7F.
    if (/^(iso-?8859|latin|windows-125|cp125|us-ascii|ascii)/.test(label) && hasMultibyteUtf8(bytes)) return "utf-8";
    try {
      return new TextDecoder(label).encoding;
    } catch {
      throw new WireParseError(
        "ENCODING",
        `the XML declaration names encoding "${declared}", which is not a supported text encoding`,
      );
    }
  }
  return chooseUndeclared(bytes);
}

function chooseUndeclared(bytes: Uint8Array): string {
  return findInvalidUtf8(bytes) === -1 ? "utf-8" : "windows-1252";
}

/** The `encoding="…"` of a leading XML declaration, read as ASCII. */
function hasMultibyteUtf8(bytes: Uint8Array): boolean {
  return bytes.some((b) => b >= 0x80) && findInvalidUtf8(bytes) === -1;
}

function declaredXmlEncoding(bytes: Uint8Array): string | null {
  const head = decodeWindows1252(bytes.subarray(0, 512));
  const m = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:-]*)["']/.exec(head);
  return m?.[1] ?? null;
}

function assertValidUtf8(bytes: Uint8Array, why: string): void {
  const bad = findInvalidUtf8(bytes);
  if (bad === -1) return;
  const byte = bytes[bad] ?? 0;
  let line = 1;
  for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a) line++;
  throw new WireParseError(
    "ENCODING",
    `${why} but byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} at offset ${bad} (line ${line}) ` +
      `is not valid UTF-8 (the file looks like ${guessEightBitCharset(bytes)}); ` +
      `fix the declaration or re-save the file as UTF-8`,
  );
}

/** Bytes 0x80–0x9F are printable only in Windows-1252; without them ISO-8859-1 fits. */
function guessEightBitCharset(bytes: Uint8Array): string {
  for (const b of bytes) if (b >= 0x80 && b <= 0x9f) return "Windows-1252";
  return "ISO-8859-1";
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629, no overlongs or surrogates), or -1. */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Windows-1252 decoded by hand: Node's TextDecoder("windows-1252") takes a Latin-1 fast
 * path and turns 0x80–0x9F (€ – “ ” ’ …) into C1 control characters.
 */
const CP1252_HIGH =
  "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
  "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes: number[] = [];
    for (const b of bytes.subarray(start, start + CHUNK)) {
      codes.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b);
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

function decodeWith(encoding: string, bytes: Uint8Array): string {
  if (encoding === "windows-1252") return decodeWindows1252(bytes);
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    if (encoding === "utf-8") assertValidUtf8(bytes, "the file starts with a UTF-8 byte-order mark");
    throw new WireParseError("ENCODING", `the bytes are not valid ${encoding}`);
  }
}

function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/**
 * A wire transmission (IPTC 7901, ANPA 1312) opens with SOH, after optional SYN / DEL
 * padding, and uses control characters as its markup (STX, ETX, EOT, DC1–DC4, US, the
 * ANPA table codes). Those are the format, not a sign of binary data.
 */
const TRANSMISSION_START = /^[\u0016\u007f\s]*\u0001/;

function isTransmissionControl(c: number): boolean {
  return (c >= 0x01 && c <= 0x04) || c === 0x08 || (c >= 0x0e && c <= 0x1f) || c === 0x7f;
}

function assertMostlyPrintable(text: string): void {
  const transmission = TRANSMISSION_START.test(text);
  let controls = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (transmission && isTransmissionControl(c)) continue;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c) || (c >= 0x7f && c <= 0x9f) || c === 0xfffd) {
      controls++;
    }
  }
  if (controls === 0) return;
  if (text.includes("\u0000") || (controls >= 2 && controls / text.length > MAX_CONTROL_RATIO)) {
    throw new WireParseError(
      "BINARY",
      `the file looks like binary data, not text: ${controls} of ${text.length} characters are control characters`,
    );
  }
}
