import { describe, expect, it } from "vitest";

import {
  DocValidationError,
  STORY_DOC_LIMITS,
  emptyDoc,
  parseStoryDoc,
  parseStoryDocJson,
  safeParseStoryDoc,
  type StoryDoc,
} from "@/lib/editor/doc-schema";
import { getStorySchema } from "@/lib/editor/extensions";
import { plainJson } from "@/lib/editor/plain-json";

const p = (text: string, marks?: unknown[]) => ({
  type: "paragraph",
  content: [marks ? { type: "text", text, marks } : { type: "text", text }],
});
const doc = (...content: unknown[]) => ({ type: "doc", content });
const link = (href: unknown, extra: Record<string, unknown> = {}) => ({ type: "link", attrs: { href, ...extra } });

function nestedBlockquotes(depth: number): unknown {
  let node: unknown = p("deep");
  for (let i = 0; i < depth; i++) node = { type: "blockquote", content: [node] };
  return doc(node);
}

function errorOf(fn: () => unknown): DocValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DocValidationError);
    return error as DocValidationError;
  }
  throw new Error("expected a DocValidationError");
}

describe("parseStoryDoc: valid documents", () => {
  it("accepts every node and mark the editor can produce, and returns the canonical form", () => {
    const input = doc(
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Heading" }] },
      { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: "Sub" }] },
      {
        type: "paragraph",
        content: [
          { type: "text", text: "bold", marks: [{ type: "bold" }] },
          { type: "hardBreak" },
          { type: "text", text: "italic", marks: [{ type: "italic" }] },
          {
            type: "text",
            text: "link",
            // What editor.getJSON() writes for a link mark.
            marks: [
              link("https://example.com/a?b=1", { target: null, rel: "noopener noreferrer nofollow", class: null, title: null }),
            ],
          },
        ],
      },
      {
        type: "bulletList",
        content: [
          {
            type: "listItem",
            content: [p("one"), { type: "bulletList", content: [{ type: "listItem", content: [p("nested")] }] }],
          },
        ],
      },
      { type: "orderedList", attrs: { start: 3, type: null }, content: [{ type: "listItem", content: [p("three")] }] },
      { type: "blockquote", content: [p("quote")] },
      { type: "horizontalRule" },
      { type: "paragraph" },
    );
    const out = parseStoryDoc(input);
    expect(out.content).toHaveLength(8);
    expect(out.content[2]).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "bold", marks: [{ type: "bold" }] },
        { type: "hardBreak" },
        { type: "text", text: "italic", marks: [{ type: "italic" }] },
        { type: "text", text: "link", marks: [{ type: "link", attrs: { href: "https://example.com/a?b=1", title: null } }] },
      ],
    });
    expect(out.content[4]).toMatchObject({ type: "orderedList", attrs: { start: 3, type: null } });
    // Canonical output is a fixed point.
    expect(parseStoryDoc(out)).toEqual(out);
  });

  it("emptyDoc() is valid and a doc without content becomes emptyDoc()", () => {
    expect(parseStoryDoc(emptyDoc())).toEqual(emptyDoc());
    expect(parseStoryDoc({ type: "doc" })).toEqual(emptyDoc());
    expect(parseStoryDoc({ type: "doc", content: [] })).toEqual(emptyDoc());
  });

  it("defaults ordered-list attributes", () => {
    const out = parseStoryDoc(doc({ type: "orderedList", content: [{ type: "listItem", content: [p("x")] }] }));
    expect(out.content[0]).toMatchObject({ attrs: { start: 1, type: null } });
  });

  it("merges duplicate marks and puts them in schema order", () => {
    const out = parseStoryDoc(doc(p("x", [{ type: "italic" }, { type: "bold" }, { type: "italic" }, link("https://a.example")])));
    expect(out.content[0]).toEqual({
      type: "paragraph",
      content: [
        {
          type: "text",
          text: "x",
          marks: [{ type: "link", attrs: { href: "https://a.example", title: null } }, { type: "bold" }, { type: "italic" }],
        },
      ],
    });
  });

  it("removes NUL and other control characters, replaces lone surrogates and drops emptied text", () => {
    const out = parseStoryDoc(
      doc({
        type: "paragraph",
        content: [
          { type: "text", text: "a\u0000b\u0007c\td" },
          { type: "text", text: "\u0000", marks: [{ type: "bold" }] },
          { type: "text", text: "x\uD800y" },
        ],
      }),
    );
    expect(out.content[0]).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "abc\td" },
        { type: "text", text: "x\uFFFDy" },
      ],
    });
  });

  it("keeps quotes, angle brackets, RTL override, zero-width joiners, emoji and combining marks in text", () => {
    const text = `"<b>" & 'x' \u202Eevil\u202C 👩‍👩‍👧 e\u0301 \u200D`;
    const out = parseStoryDoc(doc(p(text)));
    expect(out.content[0]).toEqual({ type: "paragraph", content: [{ type: "text", text }] });
  });
});

describe("parseStoryDoc: allow-list", () => {
  it.each([
    ["image", { type: "image", attrs: { src: "x.png" } }],
    ["codeBlock", { type: "codeBlock", content: [{ type: "text", text: "x" }] }],
    ["table", { type: "table", content: [] }],
    ["iframe", { type: "iframe", attrs: { src: "https://evil.example" } }],
    ["script", { type: "script", content: [{ type: "text", text: "alert(1)" }] }],
  ])("rejects the unknown node type %s", (name, node) => {
    const error = errorOf(() => parseStoryDoc(doc(node)));
    expect(error.code).toBe("DOC_INVALID");
    expect(error.message).toContain(`"${name}"`);
    expect(error.path).toBe("content[0]");
  });

  it("rejects unknown node types nested deep inside", () => {
    const error = errorOf(() =>
      parseStoryDoc(
        doc({ type: "blockquote", content: [{ type: "paragraph", content: [{ type: "mention", attrs: { id: 1 } }] }] }),
      ),
    );
    expect(error.message).toContain('Unsupported node type "mention" at content[0].content[0].content[0]');
  });

  it.each(["underline", "strike", "code", "highlight", "textStyle"])("rejects the mark %s", (mark) => {
    const error = errorOf(() => parseStoryDoc(doc(p("x", [{ type: mark }]))));
    expect(error.code).toBe("DOC_INVALID");
    expect(error.message).toContain(`"${mark}"`);
  });

  it.each([
    ["a root that is not a doc", { type: "paragraph" }],
    ["a nested doc", doc({ type: "doc", content: [] })],
    ["null", null],
    ["a string", "<p>hi</p>"],
    ["an array", [p("x")]],
    ["a node without type", doc({ content: [] })],
    ["text at block level", doc({ type: "text", text: "x" })],
    ["a block inside a paragraph", doc({ type: "paragraph", content: [p("x")] })],
    ["unknown attributes", doc({ type: "paragraph", attrs: { onclick: "alert(1)" } })],
    ["a style attribute", doc({ type: "paragraph", attrs: { style: "background:url(javascript:alert(1))" } })],
    ["an id (DOM clobbering)", doc({ type: "heading", attrs: { level: 2, id: "location" } })],
    ["an unknown link attribute", doc(p("x", [link("https://a.example", { onmouseover: "alert(1)" })]))],
    ["heading level 1", doc({ type: "heading", attrs: { level: 1 } })],
    ["heading level 4", doc({ type: "heading", attrs: { level: 4 } })],
    ["heading without level", doc({ type: "heading" })],
    ["a non-string text", doc({ type: "paragraph", content: [{ type: "text", text: 42 }] })],
    ["a non-string href", doc(p("x", [link(42)]))],
    ["extra keys on a node", doc({ type: "paragraph", html: "<script>alert(1)</script>" })],
    ["a list item outside a list", doc({ type: "listItem", content: [p("x")] })],
    [
      "a list item starting with a heading",
      doc({ type: "bulletList", content: [{ type: "listItem", content: [{ type: "heading", attrs: { level: 2 } }] }] }),
    ],
    ["an empty blockquote", doc({ type: "blockquote", content: [] })],
    ["an empty list", doc({ type: "bulletList", content: [] })],
    [
      "an ordered-list start that is not an integer",
      doc({ type: "orderedList", attrs: { start: "1; x" }, content: [{ type: "listItem", content: [p("x")] }] }),
    ],
  ])("rejects %s", (_name, input) => {
    const error = errorOf(() => parseStoryDoc(input));
    expect(error.code).toBe("DOC_INVALID");
    expect(error.message.length).toBeGreaterThan(10);
  });

  it("gives a readable message with a path", () => {
    const error = errorOf(() => parseStoryDoc(doc(p("ok"), { type: "heading", attrs: { level: 5 } })));
    expect(error.message).toMatch(/^Story body is not valid: .+ at content\[1\]\.attrs\.level\.$/);
    expect(error.path).toBe("content[1].attrs.level");
  });
});

describe("parseStoryDoc: links", () => {
  it.each(["https://example.com", "http://example.com/path?q=1#frag", "mailto:desk@example.com", "HTTPS://EXAMPLE.COM"])(
    "keeps %s",
    (href) => {
      const out = parseStoryDoc(doc(p("x", [link(href)])));
      expect(out.content[0]).toEqual({
        type: "paragraph",
        content: [{ type: "text", text: "x", marks: [link(href, { title: null })] }],
      });
    },
  );

  it("trims and cleans the href it keeps", () => {
    const out = parseStoryDoc(doc(p("x", [link("  \thttps://example.com/a b\n ")])));
    expect(JSON.stringify(out)).toContain('"href":"https://example.com/a%20b"');
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\u0000script:alert(1)",
    "java\u200Bscript:alert(1)",
    "  javascript:alert(1)",
    "\u0001javascript:alert(1)",
    "javascript&#x3A;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.com",
    "tel:+441234",
    "/relative/path",
    "#anchor",
    "//evil.example/",
    "https:evil.example",
    "https:/evil.example",
    "http://",
    "mailto:",
    "",
    null,
    `https://example.com/${"a".repeat(3000)}`,
  ])("strips a link mark with href %j and keeps its text", (href) => {
    const out = parseStoryDoc(doc(p("click", [{ type: "bold" }, link(href)])));
    expect(out.content[0]).toEqual({ type: "paragraph", content: [{ type: "text", text: "click", marks: [{ type: "bold" }] }] });
  });
});

describe("parseStoryDoc: limits", () => {
  it(`accepts nesting up to ${STORY_DOC_LIMITS.maxDepth} levels`, () => {
    // doc (1) + n blockquotes + paragraph + text = n + 3 levels.
    expect(() => parseStoryDoc(nestedBlockquotes(STORY_DOC_LIMITS.maxDepth - 3))).not.toThrow();
    expect(errorOf(() => parseStoryDoc(nestedBlockquotes(STORY_DOC_LIMITS.maxDepth - 2))).code).toBe("DOC_TOO_DEEP");
  });

  it("rejects 300-deep nesting with DOC_TOO_DEEP", () => {
    const error = errorOf(() => parseStoryDoc(nestedBlockquotes(300)));
    expect(error.code).toBe("DOC_TOO_DEEP");
    expect(error.message).toContain("nested too deeply");
  });

  it("rejects 100,000-deep nesting quickly and without a stack overflow", () => {
    const started = performance.now();
    expect(errorOf(() => parseStoryDoc(nestedBlockquotes(100_000))).code).toBe("DOC_TOO_DEEP");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("rejects deep nesting hidden in attributes", () => {
    let attrs: unknown = { level: 2 };
    for (let i = 0; i < 500; i++) attrs = { x: attrs };
    expect(errorOf(() => parseStoryDoc(doc({ type: "heading", attrs }))).code).toBe("DOC_TOO_DEEP");
  });

  it("rejects a cyclic object instead of looping", () => {
    const node: Record<string, unknown> = { type: "blockquote" };
    node.content = [node];
    expect(["DOC_TOO_DEEP", "DOC_TOO_LARGE"]).toContain(errorOf(() => parseStoryDoc(doc(node))).code);
  });

  it("rejects too many nodes", () => {
    const paragraphs = Array.from({ length: STORY_DOC_LIMITS.maxNodes }, () => p("x"));
    expect(errorOf(() => parseStoryDoc(doc(...paragraphs))).code).toBe("DOC_TOO_LARGE");
  });

  it("rejects too much text", () => {
    expect(errorOf(() => parseStoryDoc(doc(p("x".repeat(STORY_DOC_LIMITS.maxChars + 1))))).code).toBe("DOC_TOO_LARGE");
  });

  it("accepts a long story", () => {
    const paragraphs = Array.from({ length: 500 }, (_, i) => p(`Paragraph ${i} `.repeat(40)));
    expect(parseStoryDoc(doc(...paragraphs)).content).toHaveLength(500);
  });
});

describe("parseStoryDocJson and safeParseStoryDoc", () => {
  it("parses the hidden-input JSON", () => {
    const original: StoryDoc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "hi" }] }] };
    expect(parseStoryDocJson(JSON.stringify(original))).toEqual(original);
  });

  it("rejects malformed and oversized JSON with typed errors", () => {
    expect(errorOf(() => parseStoryDocJson("{not json")).code).toBe("DOC_INVALID");
    expect(errorOf(() => parseStoryDocJson(" ".repeat(STORY_DOC_LIMITS.maxJsonLength + 1))).code).toBe("DOC_TOO_LARGE");
    expect(errorOf(() => parseStoryDocJson("[".repeat(100_000) + "]".repeat(100_000))).code).toBe("DOC_INVALID");
  });

  it("rejects __proto__ keys", () => {
    expect(errorOf(() => parseStoryDocJson('{"type":"doc","__proto__":{"polluted":true},"content":[]}')).code).toBe(
      "DOC_INVALID",
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("safeParseStoryDoc returns a result instead of throwing", () => {
    expect(safeParseStoryDoc(emptyDoc())).toEqual({ ok: true, doc: emptyDoc() });
    const bad = safeParseStoryDoc(doc({ type: "image" }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toBeInstanceOf(DocValidationError);
  });
});

describe("parseStoryDoc: the editor's own JSON (issue #12)", () => {
  // What editor.getJSON() returns: ProseMirror's toJSON, whose attrs objects have a null prototype.
  function editorJson(): Record<string, unknown> {
    const schema = getStorySchema();
    const linked = schema.text("a link", [
      schema.marks.link!.create({ href: "https://example.com/a", target: null, rel: "noopener noreferrer nofollow" }),
      schema.marks.bold!.create(),
    ]);
    const node = schema.node("doc", null, [
      schema.node("heading", { level: 2 }, [schema.text("Head")]),
      schema.node("paragraph", null, [schema.text("Read "), linked]),
      schema.node("orderedList", { start: 3 }, [
        schema.node("listItem", null, [schema.node("paragraph", null, [schema.text("x")])]),
      ]),
    ]);
    return node.toJSON() as Record<string, unknown>;
  }

  it("accepts attrs objects with a null prototype and returns plain objects", () => {
    const input = editorJson();
    const mark = ((input.content as { content: { marks?: { attrs?: object }[] }[] }[])[1]!.content[1]!.marks ?? [])[0]!;
    expect(Object.getPrototypeOf(mark.attrs)).toBeNull();
    const out = parseStoryDoc(input);
    expect(out).toEqual({
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Head" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Read " },
            {
              type: "text",
              text: "a link",
              marks: [{ type: "link", attrs: { href: "https://example.com/a", title: null } }, { type: "bold" }],
            },
          ],
        },
        {
          type: "orderedList",
          attrs: { start: 3, type: null },
          content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "x" }] }] }],
        },
      ],
    });
    const outMark = (out.content[1] as { content: { marks?: { attrs?: object }[] }[] }).content[1]!.marks![0]!;
    expect(Object.getPrototypeOf(outMark.attrs)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it("accepts the same document after plainJson, unchanged", () => {
    const input = editorJson();
    expect(parseStoryDoc(plainJson(input))).toEqual(parseStoryDoc(input));
  });

  it("still applies the link rule to null-prototype attrs", () => {
    const attrs = Object.assign(Object.create(null) as Record<string, unknown>, { href: "javascript:alert(1)" });
    expect(parseStoryDoc(doc(p("x", [{ type: "link", attrs }])))).toEqual(doc(p("x")));
  });

  it("refuses a function where attrs belong (a server-action temporary reference) with its own message", () => {
    const temporaryReference = new Proxy(function () {}, {
      get() {
        throw new Error("must not be read");
      },
    });
    const error = errorOf(() => parseStoryDoc(doc(p("x", [{ type: "link", attrs: temporaryReference }]))));
    expect(error.code).toBe("DOC_INVALID");
    expect(error.path).toBe("content[0].content[0].marks[0].attrs");
    expect(error.message).toMatch(/is not plain data/);
  });
});

describe("plainJson", () => {
  it("turns null-prototype objects into plain ones and drops what JSON cannot carry", () => {
    const attrs = Object.assign(Object.create(null) as Record<string, unknown>, { href: "https://x.example", title: undefined });
    const out = plainJson({ a: [attrs], f: () => 1 }) as unknown as { a: Record<string, unknown>[]; f?: unknown };
    expect(Object.getPrototypeOf(out.a[0])).toBe(Object.prototype);
    expect(out).toEqual({ a: [{ href: "https://x.example" }] });
    expect("f" in out).toBe(false);
    expect(plainJson(undefined)).toBeUndefined();
  });
});
