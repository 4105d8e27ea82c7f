import { describe, expect, it } from "vitest";
import { readLead } from "./lead";
import { htmlToText } from "./markup";

describe("readLead: the top of a body, whatever the format", () => {
  it("drops a dpa header block (keywords, date/time line, flag) and reads the dateline below it", () => {
    // As in test/fixtures/wire/real/dpa/dpa_newsml_2_0_1_belga.xml
    const html =
      "<p>26.06.2024 14:02 GMT</p><ul><li>politics</li><li>Germany</li></ul><p>EXTRA</p>" +
      "<p>Berlin (dpa) - Germany's conservative opposition leader Friedrich Merz has heavily criticized Chancellor Olaf Scholz.</p>" +
      "<p>Speaking in the German parliament on Wednesday, Merz said …</p>";
    const lead = readLead(html);
    expect(lead.dateline).toMatchObject({ place: "Berlin", agency: "dpa" });
    expect(htmlToText(lead.bodyHtml).startsWith("Germany's conservative opposition leader")).toBe(true);
    expect(lead.bodyHtml).not.toContain("EXTRA");
  });

  it("takes a byline paragraph and the dateline under it (Reuters G2)", () => {
    const lead = readLead("<p>By Marwan Makdisi</p><p>DAMASCUS (Reuters) - Bashar al-Assad was sworn in.</p>");
    expect(lead.byline).toBe("By Marwan Makdisi");
    expect(lead.dateline).toMatchObject({ place: "DAMASCUS", agency: "Reuters" });
    expect(lead.bodyHtml).toBe("<p>Bashar al-Assad was sworn in.</p>");
  });

  it("turns a leading version note into a signal and drops it", () => {
    const lead = readLead("<p>(Adds comments, detail)</p><p>LONDON, Feb 2 (Reuters) - Gold rose.</p>");
    expect(lead.signal).toBe("update");
    expect(lead.dateline).toMatchObject({ place: "LONDON", agency: "Reuters", dateText: "Feb 2" });
    expect(lead.bodyHtml).toBe("<p>Gold rose.</p>");
  });

  it("keeps inline markup around the dateline's paragraph", () => {
    const lead = readLead("<p><strong>LIMA, Jan 21 (Reuters) -</strong> Pope Francis departed Peru.</p>");
    expect(htmlToText(lead.bodyHtml)).toBe("Pope Francis departed Peru.");
  });

  it("does not take a wrap-up's second dateline for the lead", () => {
    const lead = readLead("<p>First.</p><p>PARIS (AFP) - Second.</p>");
    expect(lead.dateline).toBeNull();
    expect(lead.changed).toBe(false);
  });

  it("keeps a short line above a release's dateline in the body", () => {
    // globenewswire/1bf6.xml
    const lead = readLead(
      "<p>NOT FOR DISSEMINATION TO UNITED STATES NEWSWIRE SERVICES</p>" +
        "<p>VANCOUVER, British Columbia, Dec. 03, 2019 (GLOBE NEWSWIRE) -- LYF Edibles Inc. announced</p>",
    );
    expect(lead.dateline).toMatchObject({ place: "VANCOUVER, British Columbia", agency: "GLOBE NEWSWIRE" });
    expect(htmlToText(lead.bodyHtml)).toMatch(/^NOT FOR DISSEMINATION[\s\S]*\n\nLYF Edibles Inc\. announced$/);
  });
});
