import nlp from "compromise";
import { firstSentence } from "./adapters/plaintext";
import { matchDateline } from "./dateline";
import type { NormalizedItem } from "./normalized";

/** Proposed headlines stay within this many characters. */
export const MAX_HEADLINE_LENGTH = 90;

/**
 * A headline proposal for an item that came without one (dpa-AFX/RTT copy, for one).
 * It is the lede's first sentence in headline style: dateline, asides, weekdays and a
 * leading article dropped, the main verb in the present tense ("agreed" → "agrees"),
 * cut at a clause or phrase boundary when long, no trailing period. The editor reviews
 * it; it only has to be a sensible start. Items that have a headline keep it.
 */
export function proposeHeadline(item: NormalizedItem): string {
  const existing = item.headline?.trim();
  if (existing) return existing;

  const lede = ledeParagraph(item.bodyText);
  if (!lede) return item.slugline ?? "";

  // Only the start matters, and the language pass is slow on a run-on "sentence".
  let s = firstSentence(lede.length > 2000 ? lede.slice(0, 2000) : lede);
  if (s.length > 400) s = s.slice(0, s.lastIndexOf(" ", 400) > 0 ? s.lastIndexOf(" ", 400) : 400);
  s = dropAsides(s);
  s = presentTense(s);
  s = tidy(shorten(tidy(s)));
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The first prose paragraph, without a dateline such as "BERLIN (dpa) - ". */
function ledeParagraph(bodyText: string): string | null {
  // The lede is near the top; do not normalise megabytes of body to find it.
  for (const raw of bodyText.slice(0, 20_000).split(/\n\s*\n/)) {
    const p = raw.replace(/\s+/g, " ").trim();
    if (!p || /^[*•▪·-]\s/.test(p)) continue; // a bullet list, not prose
    const d = matchDateline(p);
    return d ? p.slice(d.length).trim() : p;
  }
  return null;
}

const WEEKDAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

function dropAsides(sentence: string): string {
  return (
    sentence
      .replace(/[.!]+$/, "")
      // (parentheticals), – dashed asides –
      .replace(/\s*\([^()]*\)/g, "")
      .replace(/\s+[–—]\s+[^–—]+?\s+[–—]\s+/g, " ")
      .replace(/\s+--?\s+[^-]+?\s+--?\s+/g, " ")
      // an appositive after the subject: "Grünwald AG, the Zürich-based maker of …, agreed"
      .replace(/^([^,]{2,60}),\s+(?:the|a|an)\s[^,]{3,120},\s+/i, "$1 ")
      // weekdays: "on Tuesday", "late on Friday", "Tuesday" — not "Tuesday's"
      .replace(
        new RegExp(
          `\\s*,?\\s+(?:(?:late|early)\\s+)?(?:on\\s+)?${WEEKDAY}(?:\\s+(?:morning|afternoon|evening|night))?(?!['’]s)\\b,?`,
          "g",
        ),
        "",
      )
      // "According to X, …"
      .replace(/^according to [^,]{2,80},\s+/i, "")
      // a trailing attribution: "…, the ministry said" / "…, said a joint statement …"
      .replace(/,\s+(?:[^,]{2,60}\s)?(?:said|says|told [^,]{2,60})(?:\s[^,]{0,80})?$/i, "")
      .replace(/\s{2,}/g, " ")
      .trim()
  );
}

/** Headline-ese: the first verb, if simple past, in the present ("raised" → "raises"). */
function presentTense(sentence: string): string {
  try {
    const doc = nlp(sentence);
    const verbs = doc.verbs();
    const info = verbs.json() as { verb?: { auxiliary?: string; negative?: boolean; grammar?: { form?: string } } }[];
    const i = info.findIndex((v) => v.verb?.grammar?.form !== undefined);
    const v = info[i]?.verb;
    if (i === -1 || v?.grammar?.form !== "simple-past" || v.auxiliary || v.negative) return sentence;
    (verbs.eq(i) as typeof verbs).toPresentTense();
    const out = doc.text().trim();
    // Only accept the rewrite if it changed nothing but that one verb.
    return out.split(/\s+/).length === sentence.split(/\s+/).length ? out : sentence;
  } catch {
    return sentence;
  }
}

const CLAUSE_BREAKS = [
  ", ",
  "; ",
  ": ",
  " – ",
  " — ",
  " - ",
  " after ",
  " as ",
  " citing ",
  " amid ",
  " while ",
  " but ",
  " because ",
  " saying ",
  " which ",
  " when ",
  " following ",
  " despite ",
  " although ",
  " whereas ",
  " where ",
  " who ",
];
// Prepositions only: cutting at "and" or "of" would split a noun phrase ("illegal and irregular immigration").
const PHRASE_BREAKS = [
  " to ",
  " in ",
  " into ",
  " for ",
  " from ",
  " at ",
  " with ",
  " by ",
  " on ",
  " over ",
  " against ",
  " under ",
  " along ",
  " across ",
  " through ",
  " near ",
  " before ",
  " during ",
  " between ",
  " among ",
  " within ",
  " without ",
  " toward ",
  " towards ",
  " about ",
  " since ",
  " until ",
  " that ",
];
const WEAK_ENDINGS = /\s+(?:a|an|the|and|or|but|of|to|in|on|at|for|from|with|by|its|their|his|her|as|than|that|which)$/i;

/** Cut a long sentence at the last clause boundary that fits, else at a phrase boundary, else at a word. */
function shorten(s: string): string {
  if (s.length <= MAX_HEADLINE_LENGTH) return s;
  const min = Math.min(35, Math.floor(MAX_HEADLINE_LENGTH / 2));
  for (const breaks of [CLAUSE_BREAKS, PHRASE_BREAKS]) {
    let best = -1;
    for (const b of breaks) {
      for (let at = s.indexOf(b, min); at !== -1 && at <= MAX_HEADLINE_LENGTH; at = s.indexOf(b, at + 1)) {
        best = Math.max(best, at);
      }
    }
    if (best !== -1) return s.slice(0, best).replace(WEAK_ENDINGS, "");
  }
  let cut = s.slice(0, MAX_HEADLINE_LENGTH + 1);
  cut = cut.slice(0, cut.lastIndexOf(" ") > min ? cut.lastIndexOf(" ") : MAX_HEADLINE_LENGTH);
  while (WEAK_ENDINGS.test(cut)) cut = cut.replace(WEAK_ENDINGS, "");
  return cut;
}

function tidy(s: string): string {
  let out = s.trim().replace(/[\s,;:.–—-]+$/, "");
  // Headline-ese drops a leading article ("The government of …" → "Government of …"), but
  // not from a name ("The Hague").
  out = out.replace(/^(?:[Tt]he|[Aa]n?)\s+(?=\p{Ll})/u, "");
  // Unbalanced quotes left by a cut.
  for (const [open, close] of [
    ["“", "”"],
    ["‘", "’"],
  ] as const) {
    if (out.split(open).length > out.split(close).length) out += close;
  }
  if ((out.match(/"/g)?.length ?? 0) % 2 === 1) out += '"';
  return out;
}
