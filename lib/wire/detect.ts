import type { WireAdapter, WireInput } from "./adapter";
import { apMediaAdapter } from "./adapters/ap-media";
import { atomAdapter } from "./adapters/atom";
import { dpaDigitalwiresAdapter } from "./adapters/dpa-digitalwires";
import { newsml12Adapter } from "./adapters/newsml-1.2";
import { newsmlG2Adapter } from "./adapters/newsml-g2";
import { ninjsAdapter } from "./adapters/ninjs";
import { nitfAdapter } from "./adapters/nitf";
import { plaintextAdapter } from "./adapters/plaintext";
import { ritzauAdapter } from "./adapters/ritzau";
import { rssAdapter } from "./adapters/rss";
import { anpa1312Adapter, iptc7901Adapter } from "./adapters/transmission";
import { sniffSyntax } from "./decode";
import { WireParseError } from "./normalized";

/**
 * Every wire adapter, in the order their `sniff` is asked. Detection looks at the
 * decoded content only, never at the file name or extension.
 *
 * Order matters: specific formats before general ones (e.g. NewsML-G2 and NITF before
 * RSS/Atom; ninjs, dpa digitalwires and the AP Media API before any generic JSON), and
 * plain text LAST: it claims whatever does not look like XML or JSON.
 *
 * To add a format: write lib/wire/adapters/<format>.ts exporting a WireAdapter, import it
 * here and insert it ABOVE plaintextAdapter.
 */
export const ADAPTERS: WireAdapter[] = [
  // XML, each sniffed by its root element.
  nitfAdapter,
  newsmlG2Adapter,
  newsml12Adapter,
  rssAdapter,
  atomAdapter,
  ritzauAdapter,
  // JSON: the wrapped or marked shapes first, ninjs (a bare object with a uri) last.
  dpaDigitalwiresAdapter,
  apMediaAdapter,
  ninjsAdapter,
  // Transmissions, sniffed by their control characters and header lines.
  iptc7901Adapter,
  anpa1312Adapter,

  // Fallback, keep last.
  plaintextAdapter,
];

/** The adapter that claims this content, or a WireParseError saying why none does. */
export function detectAdapter(input: WireInput): WireAdapter {
  for (const adapter of ADAPTERS) {
    if (adapter.sniff(input)) return adapter;
  }
  throw unknownFormat(input.text);
}

function unknownFormat(text: string): WireParseError {
  const syntax = sniffSyntax(text);
  if (syntax === "json") {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return new WireParseError("MALFORMED", `the file looks like JSON but is not valid JSON: ${(e as Error).message}`);
    }
    return new WireParseError(
      "UNKNOWN_FORMAT",
      `valid JSON but not a known wire format (no ninjs uri, no dpa digitalwires entries, no AP Media API data item)${describeJson(value)}`,
    );
  }
  if (syntax === "xml") {
    // A DTD declaring entities is refused outright: external entities (XXE) and
    // expansion bombs are never resolved, whichever adapter would have read the file.
    if (/<!ENTITY\b/i.test(text.slice(0, 64 * 1024))) {
      return new WireParseError(
        "XML_ENTITIES",
        "the XML declares entities in a DTD; entity declarations are not allowed in wire files",
      );
    }
    const root = /<([A-Za-z_][\w.:-]*)[\s>/]/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>/g, ""))?.[1];
    return new WireParseError(
      "UNKNOWN_FORMAT",
      root
        ? `XML with root element <${root}> is not a known wire format (expected NITF, NewsML-G2, NewsML 1.2, RSS, Atom or Ritzau RBNews)`
        : "the file looks like XML but has no root element",
    );
  }
  return new WireParseError("UNKNOWN_FORMAT", "no wire adapter recognises this content");
}

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return `; it is an array of ${value.length} values`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value).slice(0, 6);
    return keys.length ? `; its top-level keys are ${keys.map((k) => `"${k}"`).join(", ")}` : "; it is an empty object";
  }
  return `; it is a single ${typeof value}`;
}
