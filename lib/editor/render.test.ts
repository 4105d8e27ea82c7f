import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";

import { DocValidationError } from "@/lib/editor/doc-schema";
import { htmlToStoryDoc } from "@/lib/editor/from-html";
import { renderStoryHtml } from "@/lib/editor/render";
import { sanitizeHtmlFragment } from "@/lib/html/sanitize";
import { BAD_HTML } from "@/test/bad-html";

const DANGEROUS_TAGS =
  /<\s*(script|iframe|object|embed|svg|math|style|base|meta|form|img|link|noscript|template|input|button|textarea|details|body|html|frame|frameset|applet)\b/i;
const STORY_TAGS = new Set(["p", "br", "h2", "h3", "blockquote", "ul", "ol", "li", "strong", "em", "a", "hr"]);

/** Parses the output like a browser would and checks every tag and attribute. */
function expectInert(html: string, allowedTags: ReadonlySet<string> = STORY_TAGS): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(DANGEROUS_TAGS);
  // Every raw "<" in the output starts a real tag (text is escaped), so look inside tags only.
  // Attribute values are quoted and escaped, so blank them out before looking at names.
  for (const tag of html.match(/<(?:"[^"]*"|'[^']*'|[^>"'])*>/g) ?? []) {
    const names = tag.replace(/"[^"]*"|'[^']*'/g, '""');
    expect(names).not.toMatch(/[\s/]on\w+\s*=/i);
    expect(names).not.toMatch(/\s(style|id|name|srcdoc|src|action|formaction|target)\s*=/i);
  }
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        expect(allowedTags.has(name), `unexpected <${name}> in ${html.slice(0, 200)}`).toBe(true);
        for (const [attr, value] of Object.entries(attribs)) {
          expect(["href", "rel", "title"], `unexpected ${attr}= on <${name}>`).toContain(attr);
          const cleaned = value.replace(/[\u0000-\u0020\u007F-\u009F\u200B-\u200F\uFEFF]/g, "").toLowerCase();
          expect(cleaned).not.toMatch(/^(javascript|vbscript|data):/);
          if (attr === "href") expect(cleaned).toMatch(/^(https?:\/\/|mailto:)/);
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
}

const text = (value: string, marks?: unknown[]) => (marks ? { type: "text", text: value, marks } : { type: "text", text: value });
const doc = (...content: unknown[]) => ({ type: "doc", content });
const para = (...content: unknown[]) => ({ type: "paragraph", content });

describe("renderStoryHtml", () => {
  it("renders the story schema to clean HTML", () => {
    const html = renderStoryHtml(
      doc(
        { type: "heading", attrs: { level: 2 }, content: [text("Heading")] },
        para(
          text("A "),
          text("bold", [{ type: "bold" }]),
          text(" and "),
          text("italic", [{ type: "italic" }]),
          { type: "hardBreak" },
          text("line"),
        ),
        { type: "bulletList", content: [{ type: "listItem", content: [para(text("item"))] }] },
        { type: "orderedList", attrs: { start: 1 }, content: [{ type: "listItem", content: [para(text("first"))] }] },
        { type: "blockquote", content: [para(text("quoted"))] },
        { type: "horizontalRule" },
        { type: "heading", attrs: { level: 3 }, content: [text("Sub")] },
      ),
    );
    expect(html).toBe(
      "<h2>Heading</h2><p>A <strong>bold</strong> and <em>italic</em><br />line</p>" +
        "<ul><li><p>item</p></li></ul><ol><li><p>first</p></li></ol>" +
        "<blockquote><p>quoted</p></blockquote><hr /><h3>Sub</h3>",
    );
    expectInert(html);
  });

  it('renders links with rel="noopener noreferrer nofollow" and no target', () => {
    const html = renderStoryHtml(
      doc(
        para(text("site", [{ type: "link", attrs: { href: "https://example.com/?a=1&b=2", target: "_blank", rel: "opener" } }])),
      ),
    );
    expect(html).toBe('<p><a rel="noopener noreferrer nofollow" href="https://example.com/?a=1&amp;b=2">site</a></p>');
  });

  it("escapes text with angle brackets, quotes and ampersands", () => {
    const html = renderStoryHtml(doc(para(text(`<script>alert(1)</script> "q" & <img src=x onerror=alert(1)>`))));
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&amp;");
    expectInert(html);
  });

  it("escapes link titles and hrefs inside attributes", () => {
    const html = renderStoryHtml(
      doc(
        para(
          text("t", [
            {
              type: "link",
              attrs: { href: 'https://e.example/"><script>alert(1)</script>', title: '"><img src=x onerror=alert(1)>' },
            },
          ]),
        ),
      ),
    );
    expectInert(html);
    expect(html).not.toContain('"><');
    expect(html).toContain('title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });

  it.each([
    ["javascript:", "javascript:alert(1)"],
    ["java<TAB>script:", "java\tscript:alert(1)"],
    ["leading spaces", "   javascript:alert(1)"],
    ["data:", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="],
    ["vbscript:", "vbscript:msgbox(1)"],
  ])("drops a %s link and keeps its text", (_name, href) => {
    const html = renderStoryHtml(doc(para(text("click me", [{ type: "link", attrs: { href } }]))));
    expect(html).toBe("<p>click me</p>");
  });

  it.each([
    ["an unknown node type", doc({ type: "iframe", attrs: { src: "javascript:alert(1)" } })],
    ["an unknown mark", doc(para(text("x", [{ type: "code" }])))],
    ["an html attribute smuggled on a node", doc({ type: "paragraph", attrs: { onclick: "alert(1)" } })],
    ["a raw html node", doc({ type: "html", content: [text("<script>alert(1)</script>")] })],
  ])("refuses %s", (_name, input) => {
    expect(() => renderStoryHtml(input)).toThrow(DocValidationError);
  });

  it("refuses 300-deep nesting with DOC_TOO_DEEP", () => {
    let node: unknown = para(text("deep"));
    for (let i = 0; i < 300; i++) node = { type: "blockquote", content: [node] };
    expect(() => renderStoryHtml(doc(node))).toThrow(expect.objectContaining({ code: "DOC_TOO_DEEP" }));
  });
});

describe("expectInert (the checker used below)", () => {
  it.each([
    `<img src=x onerror=alert(1)>`,
    `<p onclick="alert(1)">x</p>`,
    `<p/onmouseover=alert(1)>x</p>`,
    `<a href="javascript:alert(1)">x</a>`,
    `<a href=" java&#x09;script:alert(1)">x</a>`,
    `<a href="data:text/html,x">x</a>`,
    `<a href="/relative">x</a>`,
    `<svg></svg>`,
    `<p style="color:red">x</p>`,
    `<p id="location">x</p>`,
    `<h1>x</h1>`,
  ])("catches %s", (bad) => {
    expect(() => expectInert(bad)).toThrow();
  });
});

describe("bad HTML through import and render", () => {
  it.each(BAD_HTML.map((html) => [html.length > 80 ? `${html.slice(0, 77)}...` : html, html]))(
    "htmlToStoryDoc(sanitizeHtmlFragment(%j)) renders inert",
    (_label, input) => {
      const html = renderStoryHtml(htmlToStoryDoc(sanitizeHtmlFragment(input)));
      expectInert(html);
    },
  );

  it.each(BAD_HTML.map((html) => [html.length > 80 ? `${html.slice(0, 77)}...` : html, html]))(
    "htmlToStoryDoc(%j) renders inert even without the sanitizer",
    (_label, input) => {
      expectInert(renderStoryHtml(htmlToStoryDoc(input)));
    },
  );

  it("keeps escaped angle brackets as visible, escaped text", () => {
    const html = renderStoryHtml(htmlToStoryDoc(sanitizeHtmlFragment("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")));
    expect(html).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
  });

  it("keeps the text of safe parts next to the bad ones", () => {
    const html = renderStoryHtml(
      htmlToStoryDoc(
        sanitizeHtmlFragment(
          '<p>Before <a href="javascript:alert(1)">bad</a> <a href="https://ok.example/">good</a><script>x</script> after</p>',
        ),
      ),
    );
    expect(html).toBe('<p>Before bad <a rel="noopener noreferrer nofollow" href="https://ok.example/">good</a> after</p>');
  });
});
