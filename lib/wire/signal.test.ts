import { describe, expect, it } from "vitest";
import { signalFromHeadline, signalFromNote, signalFromVersionLine, strongerSignal } from "./signal";

describe("signals", () => {
  it.each([
    ["CORRECTED-S. Illinois battles flooding as Mississippi River builds downstream", "correction"], // Reuters
    ["UPDATE 1-Statue of Liberty to reopen; shutdown keeps other parks, monuments closed", "update"], // Reuters
    ["UPDATE 2-Primeira Liga Results", "update"],
    ["REFILE-Pope leaves Peru", "update"],
    ["CORRECTION ET MISE À JOUR - Les réseaux mobiles dans les régions rurales", "correction"], // GlobeNewswire fr
    ["GLOBAL MARKETS-Asian shares struggle to shake off rout", null], // a Reuters slug, not a marker
    ["PRECIOUS-Gold rises as Trump policy fuels safe haven demand", null],
    ["Update: how the vote went", null], // words in a headline, not an agency marker
  ])("headline %s", (headline, signal) => {
    expect(signalFromHeadline(headline)).toBe(signal);
  });

  it.each([
    ["(Adds comments, detail)", "update"], // Reuters L4N1FL0N0
    ["(In Jan. 3 story, corrects last paragraph to reflect that figure refers to capacity)", "correction"],
    ["Eds: Adds full-year results.", "update"], // AP G2 edNote
    ["Eds: Heat 115, Hawks 111. Updates. With AP Photos.", "update"], // AP ANPA
    ["Eds: With AP Photos.", null],
    ["(Reporting by Jane Doe)", null],
  ])("note %s", (note, signal) => {
    expect(signalFromNote(note)).toBe(signal);
  });

  it.each([
    ["1ST LEAD", "update"], // dpa 7901
    ["REFILE", "update"],
    ["CORRECTED", "correction"],
    ["1stLd-Writethru", "update"], // AP ANPA keyword line
    ["3rd Ld-Writethru", "update"],
    ["EXTRA", null],
    ["3RD NET", null],
  ])("version line %s", (line, signal) => {
    expect(signalFromVersionLine(line)).toBe(signal);
  });

  it("keeps the strongest", () => {
    expect(strongerSignal("update", "correction")).toBe("correction");
    expect(strongerSignal("kill", "update")).toBe("kill");
    expect(strongerSignal("new", null)).toBe("new");
  });
});
