// Media Topics matched from a story's text: a small scored matcher over the vocabulary's
// own names and definitions (no per-story rules). A topic's name found as a phrase counts
// most (more with repetition, more in the headline); words of its definition found in the
// text add evidence weighted by how rare each word is across the vocabulary.
import type { MediaTopic } from "./vocabulary";

const STOP = new Set(
  (
    "a an and are as at be been but by for from has have he her his in into is it its of on or that the their " +
    "there they this to was were which who will with within not no other such also any all more most than then " +
    "these those about over under between after before during including include includes e g eg etc general " +
    "issue issues matter matters affair affairs related relating people person thing things use used using way " +
    "ways form forms kind kinds type types part parts area areas activity activities said says say one two new"
  ).split(" "),
);

/** Lowercase word stems (plural and -ies folded), every word kept: for phrase matching. */
export function allStems(text: string): string[] {
  const out: string[] = [];
  for (const raw of text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^a-z0-9]+/)) {
    if (raw.length > 0) out.push(stem(raw));
  }
  return out;
}

/** Word stems without stop words: for evidence and rarity. */
export function contentStems(text: string): string[] {
  return allStems(text).filter((w) => w.length > 1 && !STOP.has(w));
}

function stem(w: string): string {
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

type IndexedTopic = { topic: MediaTopic; phrase: string; label: string[]; definition: string[] };
export type TopicIndex = { topics: IndexedTopic[]; idf: Map<string, number> };

export function buildTopicIndex(topics: MediaTopic[]): TopicIndex {
  const indexed = topics.map((topic) => ({
    topic,
    // The whole name, stop words included, so "new year" never matches a bare "year".
    phrase: ` ${allStems(topic.name).join(" ")} `,
    label: contentStems(topic.name),
    definition: [...new Set(contentStems(topic.definition))],
  }));
  const df = new Map<string, number>();
  for (const t of indexed) for (const w of new Set([...t.label, ...t.definition])) df.set(w, (df.get(w) ?? 0) + 1);
  const n = indexed.length;
  const idf = new Map([...df].map(([w, d]) => [w, Math.log(1 + n / d)]));
  return { topics: indexed, idf };
}

export type TopicMatch = { code: string; name: string; score: number };

function countPhrase(haystack: string, phrase: string): number {
  let count = 0;
  for (let i = haystack.indexOf(phrase); i >= 0; i = haystack.indexOf(phrase, i + phrase.length - 1)) count++;
  return count;
}

/**
 * The best-matching topics for a headline and body, scores in (0, 1]. Only topics whose
 * name occurs in the text (as a phrase, or most of a multi-word name) qualify: definitions
 * alone are too loose to propose a topic, but they rank the ones that qualify.
 */
export function matchTopics(
  index: TopicIndex,
  headline: string,
  body: string,
  opts: { limit?: number; minScore?: number } = {},
): TopicMatch[] {
  const { limit = 5, minScore = 0.35 } = opts;
  const all = [...contentStems(headline), ...contentStems(body)];
  if (all.length === 0) return [];
  const seqHead = ` ${allStems(headline).join(" ")} `;
  const seqAll = ` ${allStems(`${headline} . ${body}`).join(" ")} `;
  const tf = new Map<string, number>();
  for (const w of all) tf.set(w, (tf.get(w) ?? 0) + 1);
  // Longer texts repeat words more; scale so a 2,000-word story is not automatically "about" everything.
  const lengthNorm = Math.max(1, Math.log10(all.length));

  const matches: TopicMatch[] = [];
  for (const { topic, phrase, label, definition } of index.topics) {
    if (label.length === 0) continue;
    const inAll = countPhrase(seqAll, phrase);
    let labelScore = 0;
    const labelIdf = label.reduce((s, w) => s + (index.idf.get(w) ?? 0), 0) / label.length;
    if (inAll > 0) {
      labelScore = 0.5 * (1 + Math.log(inAll)) * (labelIdf / 4) + (countPhrase(seqHead, phrase) > 0 ? 0.4 : 0);
    } else if (label.length >= 2) {
      const present = label.filter((w) => tf.has(w)).length;
      if (present / label.length >= 0.67) labelScore = 0.25 * (present / label.length) * (labelIdf / 4);
    }
    if (labelScore === 0) continue;
    let defHit = 0;
    let defTotal = 0;
    for (const w of definition) {
      const weight = index.idf.get(w) ?? 0;
      defTotal += weight;
      const count = tf.get(w);
      if (count) defHit += weight * Math.min(1, Math.log1p(count) / lengthNorm);
    }
    const defScore = defTotal > 0 ? defHit / defTotal : 0;
    const raw = labelScore + 0.8 * defScore;
    const score = 1 - Math.exp(-2 * raw);
    if (score >= minScore) matches.push({ code: topic.code, name: topic.name, score: Math.round(score * 1000) / 1000 });
  }
  return matches.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)).slice(0, limit);
}
