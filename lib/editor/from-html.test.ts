import { describe, expect, it } from "vitest";

import { STORY_DOC_LIMITS, emptyDoc, parseStoryDoc } from "@/lib/editor/doc-schema";
import { htmlToStoryDoc, textToStoryDoc } from "@/lib/editor/from-html";
import { sanitizeHtmlFragment } from "@/lib/html/sanitize";

const t = (text: string, marks?: unknown[]) => (marks ? { type: "text", text, marks } : { type: "text", text });
const p = (...content: unknown[]) => (content.length ? { type: "paragraph", content } : { type: "paragraph" });
const bold = { type: "bold" };
const italic = { type: "italic" };
const link = (href: string) => ({ type: "link", attrs: { href, title: null } });

function depthOf(node: { content?: unknown[] }): number {
  let max = 0;
  for (const child of node.content ?? []) max = Math.max(max, depthOf(child as { content?: unknown[] }));
  return max + 1;
}

describe("htmlToStoryDoc", () => {
  it("maps paragraphs, headings, marks, breaks and rules", () => {
    const doc = htmlToStoryDoc(
      "<h1>Top</h1><h2>Two</h2><h3>Three</h3><h4>Four</h4><h6>Six</h6>" +
        '<p>Plain <strong>strong</strong> <b>b</b> <em>em</em> <i>i</i> <a href="https://example.com/x">link</a><br>next line</p><hr>',
    );
    expect(doc.content).toEqual([
      { type: "heading", attrs: { level: 2 }, content: [t("Top")] },
      { type: "heading", attrs: { level: 2 }, content: [t("Two")] },
      { type: "heading", attrs: { level: 3 }, content: [t("Three")] },
      { type: "heading", attrs: { level: 3 }, content: [t("Four")] },
      { type: "heading", attrs: { level: 3 }, content: [t("Six")] },
      p(
        t("Plain "),
        t("strong", [bold]),
        t(" "),
        t("b", [bold]),
        t(" "),
        t("em", [italic]),
        t(" "),
        t("i", [italic]),
        t(" "),
        t("link", [link("https://example.com/x")]),
        { type: "hardBreak" },
        t("next line"),
      ),
      { type: "horizontalRule" },
    ]);
  });

  it("nests marks in schema order", () => {
    const doc = htmlToStoryDoc('<p><i><b><a href="mailto:desk@example.com">all</a></b></i></p>');
    expect(doc.content).toEqual([p(t("all", [link("mailto:desk@example.com"), bold, italic]))]);
  });

  it("maps lists, nested lists and ordered-list start", () => {
    const doc = htmlToStoryDoc(`
      <ul>
        <li>one</li>
        <li><p>two</p><ol start="5"><li>five</li></ol></li>
      </ul>`);
    expect(doc.content).toEqual([
      {
        type: "bulletList",
        content: [
          { type: "listItem", content: [p(t("one"))] },
          {
            type: "listItem",
            content: [
              p(t("two")),
              { type: "orderedList", attrs: { start: 5, type: null }, content: [{ type: "listItem", content: [p(t("five"))] }] },
            ],
          },
        ],
      },
    ]);
  });

  it("repairs list markup the schema would refuse", () => {
    expect(htmlToStoryDoc("<li>lonely</li>").content).toEqual([
      { type: "bulletList", content: [{ type: "listItem", content: [p(t("lonely"))] }] },
    ]);
    expect(htmlToStoryDoc("<ul>stray<li>x</li></ul>").content).toEqual([
      {
        type: "bulletList",
        content: [
          { type: "listItem", content: [p(t("stray"))] },
          { type: "listItem", content: [p(t("x"))] },
        ],
      },
    ]);
    expect(htmlToStoryDoc("<ul><li></li></ul>").content).toEqual([
      { type: "bulletList", content: [{ type: "listItem", content: [p()] }] },
    ]);
    expect(htmlToStoryDoc("<ul><li><h2>Head</h2>more</li></ul>").content).toEqual([
      { type: "bulletList", content: [{ type: "listItem", content: [p(t("Head")), p(t("more"))] }] },
    ]);
    expect(htmlToStoryDoc('<ol start="-3"><li>x</li></ol>').content[0]).toMatchObject({ attrs: { start: 1 } });
  });

  it("maps blockquotes and wraps loose text in paragraphs", () => {
    const doc = htmlToStoryDoc("<blockquote>said <b>this</b><p>and this</p></blockquote>");
    expect(doc.content).toEqual([{ type: "blockquote", content: [p(t("said "), t("this", [bold])), p(t("and this"))] }]);
  });

  it("turns unknown block elements into paragraphs and keeps inline ones' text", () => {
    const doc = htmlToStoryDoc(
      "<div>one <span>two</span> <u>three</u></div><section><article>four</article></section>" +
        "<table><tr><td>cell a</td><td>cell b</td></tr></table><figure><figcaption>caption</figcaption></figure>",
    );
    expect(doc.content).toEqual([p(t("one two three")), p(t("four")), p(t("cell a")), p(t("cell b")), p(t("caption"))]);
  });

  it("drops script-like containers with their content", () => {
    const doc = htmlToStoryDoc(
      "<p>a<script>alert(1)</script><style>p{}</style><svg><text>svg</text></svg><template>t</template>b</p>",
    );
    expect(doc.content).toEqual([p(t("ab"))]);
  });

  it("collapses whitespace like a browser and drops empty paragraphs", () => {
    const doc = htmlToStoryDoc("\n  <p>  Hello \n\t  world  </p>\n <p> </p><p></p>\n<p>a <b> b </b> c</p>  ");
    expect(doc.content).toEqual([p(t("Hello world")), p(t("a "), t("b ", [bold]), t("c"))]);
  });

  it("keeps line breaks of <pre> as hard breaks", () => {
    expect(htmlToStoryDoc("<pre>line 1\nline 2</pre>").content).toEqual([p(t("line 1"), { type: "hardBreak" }, t("line 2"))]);
  });

  it("drops leading and trailing hard breaks", () => {
    expect(htmlToStoryDoc("<p><br>text<br><br></p>").content).toEqual([p(t("text"))]);
  });

  it("decodes entities into text (the renderer escapes them again)", () => {
    expect(htmlToStoryDoc("<p>&lt;b&gt; &amp; &quot;q&quot; &eacute; &#x1F600;</p>").content).toEqual([p(t('<b> & "q" é 😀'))]);
  });

  it("keeps only http(s) and mailto links", () => {
    const doc = htmlToStoryDoc(
      '<p><a href="javascript:alert(1)">js</a> <a href="java&#x09;script:alert(1)">tab</a> <a href="/relative">rel</a> <a>none</a> <a href=" https://ok.example/ ">ok</a></p>',
    );
    expect(doc.content).toEqual([p(t("js tab rel none "), t("ok", [link("https://ok.example/")]))]);
  });

  it("returns an empty doc for empty or text-free input", () => {
    expect(htmlToStoryDoc("")).toEqual(emptyDoc());
    expect(htmlToStoryDoc("  \n ")).toEqual(emptyDoc());
    expect(htmlToStoryDoc("<script>x</script><img src=x>")).toEqual(emptyDoc());
  });

  it("caps nesting so 300-deep input still gives a valid document", () => {
    for (const html of [
      `${"<blockquote>".repeat(300)}deep${"</blockquote>".repeat(300)}`,
      `${"<ul><li>".repeat(300)}deep${"</li></ul>".repeat(300)}`,
      `${"<ol><li><blockquote>".repeat(300)}deep${"</blockquote></li></ol>".repeat(300)}`,
      `${"<div>".repeat(300)}deep${"</div>".repeat(300)}`,
      `${"<li>".repeat(300)}deep`,
    ]) {
      const doc = htmlToStoryDoc(html);
      expect(depthOf(doc)).toBeLessThanOrEqual(STORY_DOC_LIMITS.maxDepth);
      expect(JSON.stringify(doc)).toContain('"deep"');
      expect(parseStoryDoc(doc)).toEqual(doc);
    }
  });

  it("survives unclosed and misnested tags", () => {
    const doc = htmlToStoryDoc("<p>one<b>two<p>three</b>four<ul><li>five<blockquote>six");
    expect(parseStoryDoc(doc)).toEqual(doc);
    expect(JSON.stringify(doc)).toMatch(/one.*two.*three.*four.*five.*six/);
  });

  it("works on sanitizer output (the import pipeline)", () => {
    const doc = htmlToStoryDoc(
      sanitizeHtmlFragment(
        '<p>Intro <b>bold</b> <a href="https://ok.example/" onclick="x">ok</a></p><img src=x onerror=alert(1)><h2>Sub</h2><ul><li>a</li></ul>',
      ),
    );
    expect(doc.content).toEqual([
      p(t("Intro "), t("bold", [bold]), t(" "), t("ok", [link("https://ok.example/")])),
      { type: "heading", attrs: { level: 2 }, content: [t("Sub")] },
      { type: "bulletList", content: [{ type: "listItem", content: [p(t("a"))] }] },
    ]);
  });

  it("handles a large wire body", () => {
    const html = Array.from({ length: 2000 }, (_, i) => `<p>Paragraph ${i} with <b>some</b> text.</p>`).join("\n");
    expect(htmlToStoryDoc(html).content).toHaveLength(2000);
  });
});

describe("textToStoryDoc", () => {
  it("makes one paragraph per entry, hard breaks for line breaks, and skips blank entries", () => {
    expect(textToStoryDoc(["First  para", "  ", "line 1\r\nline 2\n", "<script>alert(1)</script>"])).toEqual({
      type: "doc",
      content: [p(t("First para")), p(t("line 1"), { type: "hardBreak" }, t("line 2")), p(t("<script>alert(1)</script>"))],
    });
  });

  it("returns an empty doc for no text", () => {
    expect(textToStoryDoc([])).toEqual(emptyDoc());
    expect(textToStoryDoc(["", " \n "])).toEqual(emptyDoc());
  });

  it("removes control characters", () => {
    expect(textToStoryDoc(["a\u0000b"])).toEqual({ type: "doc", content: [p(t("ab"))] });
  });
});
