// IPTC vocabularies (NewsCodes © IPTC, CC BY 4.0; see prisma/seed-data/vocab/README.md):
// Media Topics (JSON-LD, SKOS) and the older Subject Codes. Pure parsing, no database,
// so the seed, the suggestion engine and the tests share one reading of the files.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const VOCAB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/seed-data/vocab");
export const MEDIA_TOPICS_FILE = path.join(VOCAB_DIR, "medtop_cptall-en-GB_2025-10-09.jsonld.json");
export const SUBJECT_CODES_FILE = path.join(VOCAB_DIR, "subj_subject_codes_en.json");

export type MediaTopic = {
  /** Eight digits, without the `medtop:` prefix. */
  code: string;
  name: string;
  definition: string;
  /** The first broader topic (the vocabulary is a tree in practice), null at the top level. */
  parentCode: string | null;
  broader: string[];
  narrower: string[];
  /** Subject Codes (eight digits) this topic is an exact or close match of. */
  subjectMatches: string[];
};

type LangString = Record<string, string> | undefined;
type Concept = {
  qcode?: string;
  prefLabel?: LangString;
  definition?: LangString;
  broader?: string[];
  narrower?: string[];
  exactMatch?: string[];
  closeMatch?: string[];
  retired?: string;
};

const SUBJ_URI = "http://cv.iptc.org/newscodes/subjectcode/";

/** "medtop:20000771" or the concept URI → "20000771"; anything else → null. */
export function medtopCode(ref: string): string | null {
  const m = /^(?:medtop:|http:\/\/cv\.iptc\.org\/newscodes\/mediatopic\/)(\d{8})$/.exec(ref.trim());
  return m ? m[1]! : null;
}

function english(s: LangString): string {
  if (!s) return "";
  return (s["en-GB"] ?? s["en-US"] ?? s.en ?? Object.values(s)[0] ?? "").trim();
}

/**
 * Parses the Media Topics JSON-LD. Retired concepts are left out (IPTC says to use their
 * replacements); broader/narrower links to retired concepts are dropped too.
 */
export function parseMediaTopics(json: string): MediaTopic[] {
  const doc = JSON.parse(json) as { conceptSet?: Concept[] };
  const concepts = (doc.conceptSet ?? []).filter((c) => !c.retired && c.qcode && medtopCode(c.qcode));
  const live = new Set(concepts.map((c) => medtopCode(c.qcode!)!));
  const codes = (refs: string[] | undefined) => (refs ?? []).map(medtopCode).filter((c): c is string => !!c && live.has(c));
  return concepts.map((c) => {
    const broader = codes(c.broader);
    return {
      code: medtopCode(c.qcode!)!,
      name: english(c.prefLabel),
      definition: english(c.definition),
      parentCode: broader[0] ?? null,
      broader,
      narrower: codes(c.narrower),
      subjectMatches: [...(c.exactMatch ?? []), ...(c.closeMatch ?? [])]
        .filter((u) => u.startsWith(SUBJ_URI))
        .map((u) => u.slice(SUBJ_URI.length))
        .filter((s) => /^\d{8}$/.test(s)),
    };
  });
}

/** Subject Codes: eight digits → English name. */
export function parseSubjectCodes(json: string): Map<string, string> {
  const raw = JSON.parse(json) as Record<string, unknown>;
  return new Map(Object.entries(raw).filter((e): e is [string, string] => /^\d{8}$/.test(e[0]) && typeof e[1] === "string"));
}

let topicsCache: MediaTopic[] | undefined;
let subjectsCache: Map<string, string> | undefined;

export function loadMediaTopics(): MediaTopic[] {
  topicsCache ??= parseMediaTopics(readFileSync(MEDIA_TOPICS_FILE, "utf8"));
  return topicsCache;
}

export function loadSubjectCodes(): Map<string, string> {
  subjectsCache ??= parseSubjectCodes(readFileSync(SUBJECT_CODES_FILE, "utf8"));
  return subjectsCache;
}

/**
 * Subject Code → Media Topic codes, from the Media Topics' exactMatch/closeMatch links.
 * A Subject Code without a direct match falls back to its nearest mapped ancestor in the
 * Subject Code hierarchy (ddd xxx yyy: 14003002 → 14003000 → 14000000).
 */
export function subjectToMediaTopics(subjectCode: string, topics: MediaTopic[] = loadMediaTopics()): string[] {
  const index = subjectIndex(topics);
  if (!/^\d{8}$/.test(subjectCode)) return [];
  const candidates = [subjectCode, `${subjectCode.slice(0, 5)}000`, `${subjectCode.slice(0, 2)}000000`];
  for (const c of candidates) {
    const hit = index.get(c);
    if (hit) return hit;
  }
  return [];
}

const subjectIndexCache = new WeakMap<MediaTopic[], Map<string, string[]>>();
function subjectIndex(topics: MediaTopic[]): Map<string, string[]> {
  let index = subjectIndexCache.get(topics);
  if (!index) {
    index = new Map();
    for (const t of topics) {
      for (const s of t.subjectMatches) index.set(s, [...(index.get(s) ?? []), t.code]);
    }
    subjectIndexCache.set(topics, index);
  }
  return index;
}
