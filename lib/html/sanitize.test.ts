import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";

import { escapeHtml, sanitizeHtmlFragment } from "@/lib/html/sanitize";
import { BAD_HTML } from "@/test/bad-html";

/** What sanitize.ts allows (its allowedTags), for the parse-back check. */
const SANITIZER_TAGS = new Set([
  "p",
  "br",
  "h2",
  "h3",
  "h4",
  "blockquote",
  "ul",
  "ol",
  "li",
  "strong",
  "em",
  "u",
  "s",
  "sub",
  "sup",
  "a",
  "code",
  "pre",
  "figure",
  "figcaption",
  "hr",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "q",
  "cite",
  "div",
]);
const ALLOWED_ATTRS = new Set(["href", "title", "rel", "lang", "colspan", "rowspan", "scope", "start"]);
const DANGEROUS_TAGS =
  /<\s*(script|iframe|object|embed|svg|math|style|base|meta|form|img|link|noscript|template|input|button|textarea|details|body|html|frame|frameset|applet)\b/i;

function expectInert(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(DANGEROUS_TAGS);
  for (const tag of html.match(/<(?:"[^"]*"|'[^']*'|[^>"'])*>/g) ?? []) {
    const names = tag.replace(/"[^"]*"|'[^']*'/g, '""');
    expect(names).not.toMatch(/[\s/]on\w+\s*=/i);
    expect(names).not.toMatch(/\s(style|id|name|class|srcdoc|src|action|formaction|target)\s*=/i);
  }
  let depth = 0;
  let maxDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (!["br", "hr"].includes(name)) maxDepth = Math.max(maxDepth, ++depth);
        expect(SANITIZER_TAGS.has(name), `unexpected <${name}>`).toBe(true);
        for (const [attr, value] of Object.entries(attribs)) {
          expect(ALLOWED_ATTRS.has(attr), `unexpected ${attr}= on <${name}>`).toBe(true);
          const cleaned = value.replace(/[\u0000-\u0020\u007F-\u009F\u200B-\u200F\uFEFF]/g, "").toLowerCase();
          expect(cleaned).not.toMatch(/^(javascript|vbscript|data):/);
          if (attr === "href") {
            expect(cleaned).not.toMatch(/^[/\\]{2}/);
            expect(cleaned).not.toMatch(/^(?!https?:|mailto:)[a-z][a-z0-9+.-]*:/);
          }
        }
      },
      onclosetag(name) {
        if (!["br", "hr"].includes(name)) depth--;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  expect(maxDepth).toBeLessThanOrEqual(64);
}

describe("sanitizeHtmlFragment: bad inputs", () => {
  it.each(BAD_HTML.map((html) => [html.length > 80 ? `${html.slice(0, 77)}...` : html, html]))(
    "%j comes out inert",
    (_label, input) => {
      expectInert(sanitizeHtmlFragment(input));
    },
  );

  it("is idempotent on the bad inputs (no mutation on a second pass)", () => {
    for (const input of BAD_HTML) {
      const once = sanitizeHtmlFragment(input);
      expect(sanitizeHtmlFragment(once)).toBe(once);
    }
  });

  it("drops script-like containers with their content and keeps other text", () => {
    expect(sanitizeHtmlFragment("<p>a<script>alert(1)</script>b<style>p{}</style>c<noscript>d</noscript></p>")).toBe(
      "<p>abc</p>",
    );
    expect(sanitizeHtmlFragment("<p>a<iframe>i</iframe><svg><text>s</text></svg><math><mi>m</mi></math>b</p>")).toBe("<p>ab</p>");
    // Block containers keep their block break (so paragraphs never run together); spans go.
    expect(sanitizeHtmlFragment("<section><span>kept</span></section>")).toBe("<div>kept</div>");
    expect(sanitizeHtmlFragment("<h1>Title</h1><h6>small</h6>")).toBe("<h2>Title</h2><h4>small</h4>");
    expect(sanitizeHtmlFragment('<ol start="3"><li>c</li></ol>')).toBe('<ol start="3"><li>c</li></ol>');
  });

  it("removes disallowed link schemes but keeps the link text", () => {
    for (const href of [
      "javascript:alert(1)",
      "java&#x09;script:alert(1)",
      "  javascript:alert(1)",
      "data:text/html,x",
      "vbscript:x",
      "//evil.example/",
    ]) {
      expect(sanitizeHtmlFragment(`<a href="${href}">text</a>`)).toBe('<a rel="noopener noreferrer nofollow">text</a>');
    }
  });

  it("keeps escaped markup escaped", () => {
    expect(sanitizeHtmlFragment("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")).toBe(
      "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    );
    expect(sanitizeHtmlFragment(`<p>5 > 3 & "q"</p>`)).toBe(`<p>5 &gt; 3 &amp; "q"</p>`);
  });
});

describe("sanitizeHtmlFragment: allowed content", () => {
  it("keeps the allowed structure and forces rel on links", () => {
    expect(
      sanitizeHtmlFragment(
        '<h2>T</h2><p><b>b</b> <i>i</i> <a href="https://ok.example/" title="t" rel="opener" target="_blank">x</a><br></p><hr>',
      ),
    ).toBe(
      '<h2>T</h2><p><strong>b</strong> <em>i</em> <a href="https://ok.example/" title="t" rel="noopener noreferrer nofollow">x</a><br /></p><hr />',
    );
    expect(sanitizeHtmlFragment('<a href="mailto:desk@example.com">m</a>')).toBe(
      '<a href="mailto:desk@example.com" rel="noopener noreferrer nofollow">m</a>',
    );
  });

  it("keeps table cells' span attributes only", () => {
    expect(sanitizeHtmlFragment('<table><tr><td colspan="2" style="x" onclick="y">c</td></tr></table>')).toBe(
      '<table><tr><td colspan="2">c</td></tr></table>',
    );
  });
});

describe("escapeHtml", () => {
  it("escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });
});
