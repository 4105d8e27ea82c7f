// People, organisations and places found in English news text, offline, with `compromise`
// plus a few generic cues it misses (institution names such as "Department of X"). The raw
// matches need normalising: trailing punctuation, titles before names, "The government of
// X", all-caps datelines, acronyms that name the same organisation, repeated mentions.
import nlp from "compromise";

export type EntityKind = "PERSON" | "ORGANISATION" | "PLACE";
export type Entity = { kind: EntityKind; name: string; mentions: number; synonyms: string[]; firstIndex: number };

// Words that precede a name without being part of it. Lowercase; compared case-insensitively.
const TITLES = new Set(
  (
    "president vice acting secretary minister prime chancellor premier governor gov gov. senator sen sen. " +
    "representative rep rep. mayor king queen prince princess pope sir dame lord lady mr mr. mrs mrs. ms ms. dr dr. " +
    "prof prof. professor general gen gen. colonel col. captain capt. judge justice chief executive ceo chairman chairwoman " +
    "chair director spokesman spokeswoman spokesperson ambassador foreign interior defence defense finance deputy former " +
    "state attorney coach officer commissioner leader head"
  ).split(" "),
);

// Common short forms of places, so one canonical name is suggested.
const PLACE_ALIASES: Record<string, string> = {
  us: "United States",
  "u.s": "United States",
  usa: "United States",
  "u.s.a": "United States",
  "united states of america": "United States",
  uk: "United Kingdom",
  "u.k": "United Kingdom",
};

const INSTITUTION =
  "Department|Ministry|Office|Bureau|Agency|Council|Commission|Committee|Court|University|Bank|Institute|Authority|" +
  "Service|Party|Union|Association|Federation|Organi[sz]ation|Administration|Parliament|Assembly|Senate|Police|Army|Navy|Fund";
// "Department of Homeland Security", "European Central Bank", "World Health Organization".
const INSTITUTION_RE = new RegExp(
  `\\b((?:[A-Z][\\w&'-]*\\s+){0,3}(?:${INSTITUTION})\\b(?:\\s+(?:of|for|on)(?:\\s+the)?(?:\\s+[A-Z][\\w&'-]*)+)?)`,
  "g",
);
const GOVERNMENT_OF =
  /^(?:the\s+)?(?:government|governments|people|authorities|parliament|president|leaders?)\s+of\s+(?:the\s+)?(.+)$/i;
const CONNECTORS = new Set(["of", "the", "and", "for", "on", "&"]);

/** Trims punctuation, quotes, possessives and surrounding space; collapses inner space. */
export function cleanEntityName(raw: string): string {
  return raw
    .replace(/\s+/g, " ")
    .trim()
    .replace(/['’]s$/i, "")
    .replace(/^[\s"'“”‘’([{,;:.!?-]+/, "")
    .replace(/[\s"'“”‘’)\]},;:!?-]+$/, "")
    .replace(/(?<!\b[A-Z])\.$/, "") // "Honduras." but keep "U.S." and "Kevin K."
    .trim();
}

function stripTitles(name: string): string {
  const words = name.split(" ");
  while (words.length > 1 && TITLES.has(words[0]!.toLowerCase())) words.shift();
  return words.join(" ");
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s-])\p{L}/gu, (m) => m.toUpperCase());
}

/** Canonical form of one raw match, possibly changing its kind ("The government of X" → place X). */
export function normaliseEntity(kind: EntityKind, raw: string): { kind: EntityKind; name: string } | null {
  let name = cleanEntityName(raw);
  const gov = GOVERNMENT_OF.exec(name);
  if (gov) {
    kind = "PLACE";
    name = cleanEntityName(gov[1]!);
  }
  if (/\p{Ll}{2}[.!?]\s+\p{Lu}/u.test(name)) return null; // spans a sentence break ("hall. We")
  if (kind === "PERSON") name = stripTitles(name);
  if (kind !== "ORGANISATION") {
    // "eastern Europe" → "Europe"; "Paris museum" → "Paris": names are capitalised words.
    const words = name.split(" ");
    while (words.length > 1 && !/^\p{Lu}/u.test(words[0]!)) words.shift();
    while (words.length > 1 && !/^\p{Lu}/u.test(words.at(-1)!)) words.pop();
    name = words.join(" ");
  }
  if (kind !== "PERSON") name = name.replace(/^the\s+/i, "");
  const alias = PLACE_ALIASES[name.toLowerCase().replace(/\.$/, "")];
  if (alias && kind !== "PERSON") return { kind: "PLACE", name: alias };
  // All-caps words longer than an acronym are datelines or shouting: "WASHINGTON".
  if (kind !== "ORGANISATION" && /^[\p{Lu}\s.-]{5,}$/u.test(name)) name = titleCase(name);
  if (name.length < 2 || name.length > 100 || !/\p{Lu}/u.test(name)) return null;
  if (kind === "PERSON" && !name.includes(" ")) return null; // a lone surname is merged below or dropped
  return { kind, name };
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => !CONNECTORS.has(w.toLowerCase()))
    .map((w) => w[0] ?? "")
    .join("")
    .toUpperCase();
}

/** Entities in `text`, deduplicated, with mention counts, most mentioned first. */
export function extractEntities(text: string): Entity[] {
  const doc = nlp(text);
  const raw: { kind: EntityKind; text: string }[] = [
    ...(doc.people().out("array") as string[]).map((t) => ({ kind: "PERSON" as const, text: t })),
    ...(doc.organizations().out("array") as string[]).map((t) => ({ kind: "ORGANISATION" as const, text: t })),
    ...(doc.places().out("array") as string[]).map((t) => ({ kind: "PLACE" as const, text: t })),
    ...[...text.matchAll(INSTITUTION_RE)].map((m) => ({ kind: "ORGANISATION" as const, text: m[1]! })),
  ];
  const byKey = new Map<string, Entity>();
  const lowerText = text.toLowerCase();
  for (const r of raw) {
    const n = normaliseEntity(r.kind, r.text);
    if (!n) continue;
    const key = n.name.toLowerCase();
    // One name, one kind: the first kind seen for a name wins (places before "government of").
    const existing = [...byKey.values()].find((e) => e.name.toLowerCase() === key);
    if (existing) {
      existing.mentions++;
      continue;
    }
    const idx = lowerText.indexOf(key);
    byKey.set(`${n.kind}:${key}`, {
      kind: n.kind,
      name: n.name,
      mentions: 1,
      synonyms: [],
      firstIndex: idx < 0 ? text.length : idx,
    });
  }
  const entities = [...byKey.values()];

  // Acronyms: "DHS" is the "Department of Homeland Security" when its initials say so.
  for (const short of entities.filter((e) => e.kind === "ORGANISATION" && /^[\p{Lu}.&]{2,8}$/u.test(e.name))) {
    const acronym = short.name.replace(/[.&]/g, "");
    const long = entities.find(
      (e) => e !== short && e.kind === "ORGANISATION" && e.name.includes(" ") && initials(e.name) === acronym,
    );
    if (long) {
      long.mentions += short.mentions;
      long.synonyms.push(short.name);
      long.firstIndex = Math.min(long.firstIndex, short.firstIndex);
      short.mentions = 0;
    }
  }
  // An institution name found by the cue pattern and a longer one containing it: keep the
  // longer ("Homeland Security" inside "Department of Homeland Security").
  for (const e of entities) {
    if (e.mentions === 0 || e.kind !== "ORGANISATION") continue;
    const container = entities.find(
      (o) => o !== e && o.mentions > 0 && o.kind === "ORGANISATION" && o.name.length > e.name.length && o.name.includes(e.name),
    );
    if (container) {
      container.mentions += e.mentions;
      e.mentions = 0;
    }
  }

  // Surname-only and shorter mentions of a person count for the full name.
  const people = entities.filter((e) => e.kind === "PERSON");
  for (const p of people) {
    const last = p.name.split(" ").at(-1)!;
    const re = new RegExp(`\\b${last.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "g");
    p.mentions = Math.max(p.mentions, (text.match(re) ?? []).length);
    for (const other of people) {
      if (other !== p && other.mentions > 0 && p.name.length > other.name.length && p.name.endsWith(other.name)) {
        p.mentions += other.mentions;
        other.mentions = 0;
      }
    }
  }
  // Places: count every mention in the text, not only the ones compromise tagged.
  for (const e of entities) {
    if (e.kind !== "PLACE" || e.mentions === 0) continue;
    const re = new RegExp(`\\b${e.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "gi");
    e.mentions = Math.max(e.mentions, (text.match(re) ?? []).length);
  }
  return entities.filter((e) => e.mentions > 0).sort((a, b) => b.mentions - a.mentions || a.firstIndex - b.firstIndex);
}
