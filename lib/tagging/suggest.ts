// The offline suggestion engine: one pure function from a story's text (and its agency's
// subject codes) to scored tag proposals. Persisting, deduping against existing tags and
// remembering rejections is lib/services/suggestions.ts's job.
import { extractEntities } from "./entities";
import { buildTopicIndex, matchTopics, type TopicIndex } from "./topics";
import { loadMediaTopics, medtopCode, subjectToMediaTopics, type MediaTopic } from "./vocabulary";

export type SuggestionKind = "MEDIA_TOPIC" | "PERSON" | "ORGANISATION" | "PLACE";
export type SuggestionOrigin = "entity" | "text" | "agency";
export type Suggestion = {
  /** Dedupe key: "medtop:<code>" or "<KIND>:<lowercase name>". */
  key: string;
  kind: SuggestionKind;
  name: string;
  scheme: string | null;
  code: string | null;
  score: number;
  origin: SuggestionOrigin;
  /** Other spellings seen in the text (e.g. an acronym), offered as tag synonyms. */
  synonyms: string[];
};

export type AgencySubject = { scheme: string; code: string; name: string | null };

export function suggestionKey(kind: SuggestionKind | "KEYWORD", name: string, code?: string | null): string {
  return kind === "MEDIA_TOPIC" && code ? `medtop:${code}` : `${kind}:${name.trim().toLowerCase()}`;
}

let defaultIndex: { topics: MediaTopic[]; index: TopicIndex } | undefined;
function vocabulary() {
  if (!defaultIndex) {
    const topics = loadMediaTopics();
    defaultIndex = { topics, index: buildTopicIndex(topics) };
  }
  return defaultIndex;
}

/** Agency subjects → Media Topic codes: medtop codes directly, Subject Codes through the vocabulary's matches. */
export function mapAgencySubjects(subjects: AgencySubject[], topics: MediaTopic[] = vocabulary().topics): string[] {
  const live = new Set(topics.map((t) => t.code));
  const out: string[] = [];
  for (const s of subjects) {
    const scheme = s.scheme.toLowerCase();
    const code = s.code.replace(/^(medtop|subj|iptc|subjectcode):/i, "");
    if (scheme === "medtop" || scheme.includes("mediatopic")) {
      const c = medtopCode(`medtop:${code}`);
      if (c && live.has(c)) out.push(c);
    } else if (scheme === "subj" || scheme.includes("subjectcode") || scheme === "iptc") {
      out.push(...subjectToMediaTopics(code, topics));
    }
  }
  return [...new Set(out)];
}

export type SuggestInput = { headline: string; standfirst?: string; bodyText: string; agencySubjects?: AgencySubject[] };

/** Proposals for one story, best first. Deterministic for the same input. */
export function suggestTags(input: SuggestInput, opts: { topicIndex?: TopicIndex; topics?: MediaTopic[] } = {}): Suggestion[] {
  const { topics, index } = opts.topicIndex && opts.topics ? { topics: opts.topics, index: opts.topicIndex } : vocabulary();
  const byCode = new Map(topics.map((t) => [t.code, t]));
  const text = [input.headline, input.standfirst ?? "", input.bodyText].filter(Boolean).join("\n\n");
  const out = new Map<string, Suggestion>();
  const add = (s: Suggestion) => {
    const prev = out.get(s.key);
    if (!prev) {
      out.set(s.key, s);
      return;
    }
    // Two independent sources agree (the agency coded it and the text says so): combine the
    // evidence, and credit the agency, whose coding is the more authoritative of the two.
    const score = Math.round((1 - (1 - prev.score) * (1 - s.score)) * 1000) / 1000;
    const origin = prev.origin === "agency" || s.origin === "agency" ? "agency" : prev.score >= s.score ? prev.origin : s.origin;
    out.set(s.key, { ...prev, score, origin, synonyms: [...new Set([...prev.synonyms, ...s.synonyms])] });
  };

  // The agency's own coding is the strongest evidence for a topic.
  for (const code of mapAgencySubjects(input.agencySubjects ?? [], topics)) {
    const t = byCode.get(code);
    if (t)
      add({
        key: `medtop:${code}`,
        kind: "MEDIA_TOPIC",
        name: t.name,
        scheme: "medtop",
        code,
        score: 0.95,
        origin: "agency",
        synonyms: [],
      });
  }
  for (const m of matchTopics(index, input.headline, `${input.standfirst ?? ""}\n${input.bodyText}`)) {
    add({
      key: `medtop:${m.code}`,
      kind: "MEDIA_TOPIC",
      name: m.name,
      scheme: "medtop",
      code: m.code,
      score: m.score,
      origin: "text",
      synonyms: [],
    });
  }
  const entities = extractEntities(text);
  const headlineLower = input.headline.toLowerCase();
  for (const e of entities.slice(0, 15)) {
    // More mentions and a place in the headline or lede make an entity more central.
    const lede = e.firstIndex < 400 ? 0.1 : 0;
    const inHeadline = headlineLower.includes(e.name.toLowerCase()) ? 0.15 : 0;
    const score = Math.min(0.99, 0.45 + 0.12 * Math.log2(1 + e.mentions) + lede + inHeadline);
    add({
      key: suggestionKey(e.kind, e.name),
      kind: e.kind,
      name: e.name,
      scheme: null,
      code: null,
      score: Math.round(score * 1000) / 1000,
      origin: "entity",
      synonyms: e.synonyms,
    });
  }
  return [...out.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}
