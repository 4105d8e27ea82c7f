import { describe, expect, it } from "vitest";
import { publicCredit } from "./credit";

const author = { name: "Eddie Editor", slug: "eddie-editor" };

describe("public credit", () => {
  it("credits agency copy with an empty byline to the agency, never to the staff member who made the story", () => {
    expect(publicCredit({ byline: "", credit: "Meridian Wire Service", author })).toEqual({
      name: "Meridian Wire Service",
      authorSlug: null,
      kind: "organization",
    });
  });
  it("uses the desk's byline, linking the author only when it names them", () => {
    expect(publicCredit({ byline: "By Eddie Editor", credit: "dpa", author })).toMatchObject({
      name: "Eddie Editor",
      authorSlug: "eddie-editor",
    });
    expect(publicCredit({ byline: "Staff and agencies", credit: "", author })).toMatchObject({
      name: "Staff and agencies",
      authorSlug: null,
    });
  });
  it("falls back to the author for the newsroom's own story", () => {
    expect(publicCredit({ byline: "", credit: "", author })).toEqual({
      name: "Eddie Editor",
      authorSlug: "eddie-editor",
      kind: "person",
    });
  });
});

describe("the names a byline credits", () => {
  it.each([
    ["By Jane Doe", "Jane Doe"],
    ["(Reporting by Ciaran Moloney; Editing by Claire Dunmore)", "Ciaran Moloney"],
    ["Reporting by Jane Doe and Ali Khan; Editing by Sam Roe", "Jane Doe and Ali Khan"],
    ["Writing by Jane Doe; additional reporting by Ali Khan", "Jane Doe"],
    ["Staff and agencies", "Staff and agencies"],
  ])("%s → %s", (raw, name) => {
    expect(publicCredit({ byline: raw, credit: "", author }).name).toBe(name);
  });
});

describe("the agency's name from its credit line", () => {
  it.each([
    ["Copyright RTT News/dpa-AFX", "RTT News/dpa-AFX"],
    ["Copyright 2026 Meridian Wire Service", "Meridian Wire Service"],
    ["© 2025 The Associated Press. All rights reserved.", "The Associated Press"],
    ["(c) 2024-2026 Agence France-Presse", "Agence France-Presse"],
    ["Reuters", "Reuters"],
  ])("%s → %s", (line, name) => {
    expect(publicCredit({ byline: "", credit: line, author }).name).toBe(name);
  });
});

describe("the credit everywhere it is published", () => {
  it("JSON-LD names the agency as an Organization for agency copy with no byline", async () => {
    const { authorLd } = await import("./json-ld");
    expect(authorLd({ byline: "", credit: "Meridian Wire Service", author })).toEqual({
      "@type": "Organization",
      name: "Meridian Wire Service",
    });
  });
});
