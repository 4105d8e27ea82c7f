import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cleanEntityName, extractEntities, normaliseEntity } from "./entities";
import { mapAgencySubjects, suggestTags } from "./suggest";
import { buildTopicIndex, matchTopics } from "./topics";
import { loadMediaTopics, loadSubjectCodes, medtopCode, parseMediaTopics, subjectToMediaTopics } from "./vocabulary";

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/wire/plaintext");
const read = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");
const names = (text: string) => extractEntities(text).map((e) => `${e.kind}:${e.name}`);

describe("vocabulary", () => {
  const topics = loadMediaTopics();

  it("loads the live IPTC Media Topics with English names, definitions and a tree", () => {
    expect(topics.length).toBeGreaterThan(1000);
    expect(topics.length).toBeLessThan(1392); // retired concepts are left out
    const codes = new Set(topics.map((t) => t.code));
    const immigration = topics.find((t) => t.code === "20000771");
    expect(immigration).toMatchObject({ name: "immigration", parentCode: expect.any(String) });
    expect(immigration!.definition.length).toBeGreaterThan(10);
    // Every parent and child link points at a live topic; top-level topics have no parent.
    for (const t of topics) {
      if (t.parentCode) expect(codes.has(t.parentCode)).toBe(true);
      for (const n of t.narrower) expect(codes.has(n)).toBe(true);
    }
    expect(topics.filter((t) => t.parentCode === null).length).toBe(17);
  });

  it("drops retired concepts and links to them", () => {
    const json = JSON.stringify({
      conceptSet: [
        {
          qcode: "medtop:01000000",
          prefLabel: { "en-GB": "arts" },
          definition: { "en-GB": "Arts" },
          narrower: ["medtop:20000002", "medtop:20000003"],
        },
        {
          qcode: "medtop:20000002",
          prefLabel: { "en-GB": "live" },
          definition: { "en-GB": "x" },
          broader: ["http://cv.iptc.org/newscodes/mediatopic/01000000"],
        },
        { qcode: "medtop:20000003", retired: "2020-01-01", prefLabel: { "en-GB": "gone" }, definition: { "en-GB": "y" } },
      ],
    });
    const parsed = parseMediaTopics(json);
    expect(parsed.map((t) => t.code)).toEqual(["01000000", "20000002"]);
    expect(parsed[0]!.narrower).toEqual(["20000002"]);
    expect(parsed[1]!.parentCode).toBe("01000000");
  });

  it("maps Subject Codes to Media Topics, falling back to the nearest mapped ancestor", () => {
    expect(subjectToMediaTopics("14003002", topics)).toContain("20000771"); // immigration
    expect(subjectToMediaTopics("14003999", topics)).toEqual(subjectToMediaTopics("14003000", topics));
    expect(subjectToMediaTopics("not-a-code", topics)).toEqual([]);
    expect(loadSubjectCodes().get("14003002")).toMatch(/immigration/i);
    expect(medtopCode("http://cv.iptc.org/newscodes/mediatopic/20000771")).toBe("20000771");
    expect(medtopCode("medtop:123")).toBeNull();
  });
});

describe("entity normalisation", () => {
  it("cleans punctuation, titles, 'the government of X' and all-caps datelines", () => {
    expect(cleanEntityName("Kevin K. McAleenan,")).toBe("Kevin K. McAleenan");
    expect(cleanEntityName("Honduras.")).toBe("Honduras");
    expect(cleanEntityName("U.S.")).toBe("U.S.");
    expect(normaliseEntity("ORGANISATION", "The government of Honduras")).toEqual({ kind: "PLACE", name: "Honduras" });
    expect(normaliseEntity("PERSON", "President Juan Orlando Hernandez")).toEqual({
      kind: "PERSON",
      name: "Juan Orlando Hernandez",
    });
    expect(normaliseEntity("PLACE", "WASHINGTON")).toEqual({ kind: "PLACE", name: "Washington" });
    expect(normaliseEntity("PLACE", "U.S.")).toEqual({ kind: "PLACE", name: "United States" });
    expect(normaliseEntity("PLACE", "eastern Europe")).toEqual({ kind: "PLACE", name: "Europe" });
    expect(normaliseEntity("PLACE", "hall. We")).toBeNull();
    expect(normaliseEntity("PERSON", "McAleenan")).toBeNull(); // a lone surname is not a tag
  });
});

describe("entity extraction", () => {
  it("finds the seed story's people, places and organisation once each", () => {
    const found = names(read("dpa-afx-honduras-2019-08-28.txt"));
    for (const e of [
      "PERSON:Kevin K. McAleenan",
      "PERSON:Juan Orlando Hernandez",
      "PLACE:Honduras",
      "PLACE:United States",
      "ORGANISATION:Department of Homeland Security",
    ]) {
      expect(found).toContain(e);
    }
    // DHS is the same organisation: merged, kept as a synonym.
    expect(found).not.toContain("ORGANISATION:DHS");
    const dhs = extractEntities(read("dpa-afx-honduras-2019-08-28.txt")).find(
      (e) => e.name === "Department of Homeland Security",
    );
    expect(dhs?.synonyms).toContain("DHS");
    expect(new Set(found).size).toBe(found.length);
    expect(found.filter((n) => n.endsWith("Honduras"))).toEqual(["PLACE:Honduras"]);
  });

  it("works on other stories too (acronyms, several people and cities)", () => {
    const commuter = names(read("embargoed-commuter-survey-2026-11-30.txt"));
    expect(commuter).toContain("ORGANISATION:European Union");
    expect(commuter).not.toContain("ORGANISATION:EU");
    const rail = names(
      readFileSync(path.resolve(import.meta.dirname, "../../prisma/seed-data/wire/mws-rail-night-train-2026-11-23.txt"), "utf8"),
    );
    expect(rail).toEqual(expect.arrayContaining(["PLACE:Berlin", "PLACE:Copenhagen", "PLACE:Germany", "PLACE:Denmark"]));
    expect(rail.filter((n) => n.startsWith("PERSON:")).length).toBeGreaterThanOrEqual(2);
    const paris = names(read("afp-paris-sketchbook-2026-11-18.txt"));
    expect(paris).toContain("PLACE:Paris");
    expect(paris).not.toContain("PLACE:Paris museum");
  });

  it("returns nothing for text without names", () => {
    expect(extractEntities("it rained all day and nobody minded much.")).toEqual([]);
    expect(extractEntities("")).toEqual([]);
  });
});

describe("Media Topic matching", () => {
  const topics = loadMediaTopics();
  const index = buildTopicIndex(topics);

  it("ranks a migration topic first for the seed story", () => {
    const text = read("dpa-afx-honduras-2019-08-28.txt");
    const [first] = matchTopics(index, "Government of Honduras agrees to take tough action", text);
    expect(first?.name).toMatch(/immigration|migration/);
  });

  it("needs the whole topic name: 'new year' never matches a bare 'year'", () => {
    const matches = matchTopics(
      index,
      "Budget for next year",
      "The city will spend more next year on roads, the mayor said this year.",
    );
    expect(matches.map((m) => m.name)).not.toContain("New year");
  });

  it("finds a topic from another field and proposes nothing for empty text", () => {
    const m = matchTopics(
      index,
      "Drought hits farmers",
      "The drought has left rivers low and farmers say the drought is the worst in decades.",
    );
    expect(m.map((x) => x.name)).toContain("drought");
    expect(matchTopics(index, "", "")).toEqual([]);
  });
});

describe("suggestTags", () => {
  it("combines entities, text topics and the agency's subject codes, deduplicated", () => {
    const text = read("dpa-afx-honduras-2019-08-28.txt");
    const s = suggestTags({
      headline: "Government of Honduras agrees to take tough action",
      bodyText: text,
      agencySubjects: [
        { scheme: "subj", code: "14003002", name: null },
        { scheme: "medtop", code: "20000771", name: "immigration" },
        { scheme: "unknown-scheme", code: "x", name: "ignored" },
      ],
    });
    const keys = s.map((x) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
    const immigration = s.find((x) => x.key === "medtop:20000771");
    expect(immigration).toMatchObject({ origin: "agency", kind: "MEDIA_TOPIC", name: "immigration" });
    expect(s.find((x) => x.kind === "PERSON" && x.name === "Kevin K. McAleenan")?.origin).toBe("entity");
    expect(s.every((x) => x.score > 0 && x.score <= 1)).toBe(true);
    // Sorted best first.
    expect([...s].sort((a, b) => b.score - a.score).map((x) => x.key)).toEqual(keys);
  });

  it("maps medtop codes directly and drops unknown or retired ones", () => {
    expect(mapAgencySubjects([{ scheme: "medtop", code: "medtop:20000771", name: null }])).toEqual(["20000771"]);
    expect(mapAgencySubjects([{ scheme: "medtop", code: "20000493", name: null }])).toEqual([]); // retired
    expect(mapAgencySubjects([{ scheme: "medtop", code: "99999999", name: null }])).toEqual([]);
  });
});
