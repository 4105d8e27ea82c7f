import { describe, expect, it } from "vitest";
import { bylineNames, matchByline } from "./byline";

describe("matchByline", () => {
  it.each([
    ["By Marwan Makdisi", "By Marwan Makdisi"], // reuters KBN0FL0NN body
    ["By Manuel Schwarz, dpa =", "By Manuel Schwarz, dpa"], // dpa IPTC 7901 header line
    ["By PAUL BYRNE and ALMUDENA CALATRAVA", "By PAUL BYRNE and ALMUDENA CALATRAVA"], // AP ANPA
    ["By Tom Krasovic, The San Diego Union-Tribune =", "By Tom Krasovic, The San Diego Union-Tribune"],
  ])("%s", (line, byline) => {
    expect(matchByline(line)).toBe(byline);
  });

  it.each([
    "By then, the river had risen above the levees.",
    "By 2030 the country wants to stop burning coal and import more gas from Norway and Qatar instead of Russia",
    "Bylines are hard.",
    "By: the editors",
  ])("is not fooled by %s", (line) => {
    expect(matchByline(line)).toBeNull();
  });

  it("strips the By", () => {
    expect(bylineNames("By Jane Doe")).toBe("Jane Doe");
    expect(bylineNames("Jane Doe")).toBe("Jane Doe");
  });
});
