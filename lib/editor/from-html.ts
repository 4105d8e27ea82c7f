import "server-only";

import { Parser } from "htmlparser2";

import {
  cleanStoryText,
  emptyDoc,
  parseStoryDoc,
  type StoryBlock,
  type StoryDoc,
  type StoryInline,
  type StoryListItem,
  type StoryMark,
  type StoryText,
} from "@/lib/editor/doc-schema";
import { normalizeLinkHref } from "@/lib/editor/extensions";

/**
 * Wire HTML → story body, on the server, without a DOM (htmlparser2 events).
 *
 * The input is expected to have been through sanitizeHtmlFragment already; this is not
 * a sanitizer, but it only ever emits the node and mark types of the story schema, so
 * whatever the input the result is a valid StoryDoc (it is run through parseStoryDoc).
 *
 * Mapping: p → paragraph; h1, h2 → heading 2; h3–h6 → heading 3; ul/ol/li → lists;
 * blockquote; strong/b → bold; em/i → italic; a[href] → link (http(s)/mailto only, else
 * plain text); br → hard break; hr → horizontal rule; pre keeps its line breaks.
 * Any other element keeps its text: block-like ones (div, table cells, figure, …) start
 * a new paragraph, inline ones (span, u, code, …) continue the current one. script,
 * style and similar containers are dropped with their content. Whitespace is collapsed
 * as a browser would; empty paragraphs are dropped. Nesting of blockquotes and lists is
 * capped (deeper content is kept, flattened into the innermost allowed level).
 */
export function htmlToStoryDoc(html: string): StoryDoc {
  const builder = new DocBuilder();
  const parser = new Parser(
    {
      onopentag: (name, attribs) => builder.open(name, attribs),
      ontext: (text) => builder.text(text),
      onclosetag: () => builder.close(),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return parseStoryDoc(builder.finish());
}

/** Plain paragraphs (e.g. a wire body delivered as text) → story body. Line breaks inside a paragraph become hard breaks. */
export function textToStoryDoc(paragraphs: readonly string[]): StoryDoc {
  const content: StoryBlock[] = [];
  for (const raw of paragraphs) {
    const lines = cleanStoryText(raw)
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((line) => line.replace(/[\t ]+/g, " ").trim());
    while (lines.length && lines[0] === "") lines.shift();
    while (lines.length && lines[lines.length - 1] === "") lines.pop();
    if (!lines.length) continue;
    const inline: StoryInline[] = [];
    lines.forEach((line, i) => {
      if (i > 0) inline.push({ type: "hardBreak" });
      if (line) inline.push({ type: "text", text: line });
    });
    content.push({ type: "paragraph", content: inline });
  }
  return parseStoryDoc(content.length ? { type: "doc", content } : emptyDoc());
}

// ---------------------------------------------------------------------------

/** Elements whose content is never text for a reader. */
const SKIP_CONTENT = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "object",
  "embed",
  "svg",
  "math",
  "title",
  "textarea",
  "select",
  "option",
  "head",
  "noembed",
  "noframes",
  "xmp",
  "plaintext",
]);

/** Elements that do not interrupt a paragraph. Anything not listed here starts a new one. */
const INLINE = new Set([
  "a",
  "abbr",
  "b",
  "bdi",
  "bdo",
  "cite",
  "code",
  "data",
  "del",
  "dfn",
  "em",
  "font",
  "i",
  "img",
  "ins",
  "kbd",
  "mark",
  "q",
  "rp",
  "rt",
  "ruby",
  "s",
  "samp",
  "small",
  "span",
  "strike",
  "strong",
  "sub",
  "sup",
  "time",
  "tt",
  "u",
  "var",
  "wbr",
  "label",
  "nobr",
]);

/**
 * Containers (doc, blockquote, list, list item) that may be open at once. With a
 * textblock and its text inside, the deepest node stays far below the schema limit.
 */
const MAX_CONTAINERS = 16;

type Container =
  | { kind: "doc"; content: StoryBlock[] }
  | { kind: "blockquote"; content: StoryBlock[] }
  | { kind: "bulletList"; items: StoryListItem[] }
  | { kind: "orderedList"; items: StoryListItem[]; start: number }
  | { kind: "listItem"; content: StoryBlock[] };

type Textblock = { heading: 2 | 3 | null; content: StoryInline[] };

type Frame =
  | { kind: "container"; container: Container }
  | { kind: "textblock"; textblock: Textblock }
  | { kind: "mark"; mark: "bold" | "italic" }
  | { kind: "link"; pushed: boolean }
  | { kind: "boundary" }
  | { kind: "pre" }
  | { kind: "skip" }
  | { kind: "none" };

class DocBuilder {
  private readonly root: Container = { kind: "doc", content: [] };
  private readonly containers: Container[] = [this.root];
  private readonly frames: Frame[] = [];
  private textblock: Textblock | null = null;
  private bold = 0;
  private italic = 0;
  private readonly links: string[] = [];
  private skipDepth = 0;
  private preDepth = 0;

  open(name: string, attribs: Record<string, string>): void {
    if (this.skipDepth > 0 || SKIP_CONTENT.has(name)) {
      this.skipDepth++;
      this.frames.push({ kind: "skip" });
      return;
    }
    this.frames.push(this.openElement(name, attribs));
  }

  close(): void {
    const frame = this.frames.pop();
    if (!frame) return;
    switch (frame.kind) {
      case "skip":
        this.skipDepth--;
        break;
      case "mark":
        if (frame.mark === "bold") this.bold--;
        else this.italic--;
        break;
      case "link":
        if (frame.pushed) this.links.pop();
        break;
      case "pre":
        this.preDepth--;
        this.endTextblock();
        break;
      case "boundary":
        this.endTextblock();
        break;
      case "textblock":
        if (this.textblock === frame.textblock) this.endTextblock();
        break;
      case "container":
        this.endTextblock();
        this.closeContainer(frame.container);
        break;
      case "none":
        break;
    }
  }

  text(raw: string): void {
    if (this.skipDepth > 0) return;
    const text = cleanStoryText(raw);
    if (this.preDepth > 0) {
      text
        .replace(/\r\n?/g, "\n")
        .split("\n")
        .forEach((line, i) => {
          if (i > 0) this.hardBreak();
          if (line) this.appendText(line, false);
        });
      return;
    }
    const collapsed = text.replace(/[\t\n\f\r ]+/g, " ");
    if (collapsed === "" || (collapsed === " " && !this.textblock)) return;
    this.appendText(collapsed, true);
  }

  finish(): StoryDoc {
    this.endTextblock();
    while (this.containers.length > 1) {
      const top = this.containers[this.containers.length - 1];
      if (top) this.closeContainer(top);
    }
    return this.root.kind === "doc" && this.root.content.length ? { type: "doc", content: this.root.content } : emptyDoc();
  }

  // -- elements ------------------------------------------------------------

  private openElement(name: string, attribs: Record<string, string>): Frame {
    switch (name) {
      case "p":
        return this.startTextblock(null);
      case "h1":
      case "h2":
        return this.startTextblock(2);
      case "h3":
      case "h4":
      case "h5":
      case "h6":
        return this.startTextblock(3);
      case "strong":
      case "b":
        this.bold++;
        return { kind: "mark", mark: "bold" };
      case "em":
      case "i":
        this.italic++;
        return { kind: "mark", mark: "italic" };
      case "a": {
        const href = normalizeLinkHref(attribs.href);
        if (href === null) return { kind: "link", pushed: false };
        this.links.push(href);
        return { kind: "link", pushed: true };
      }
      case "br":
        this.hardBreak();
        return { kind: "none" };
      case "hr":
        this.endTextblock();
        this.appendBlock({ type: "horizontalRule" });
        return { kind: "none" };
      case "pre":
        this.endTextblock();
        this.preDepth++;
        return { kind: "pre" };
      case "blockquote":
        return this.openContainer({ kind: "blockquote", content: [] }, 1);
      case "ul":
        return this.openContainer({ kind: "bulletList", items: [] }, 2);
      case "ol": {
        const start = Number.parseInt(attribs.start ?? "", 10);
        const valid = Number.isInteger(start) && start >= 0 && start <= 1_000_000;
        return this.openContainer({ kind: "orderedList", items: [], start: valid ? start : 1 }, 2);
      }
      case "li":
        return this.openListItem();
      default:
        if (INLINE.has(name)) return { kind: "none" };
        this.endTextblock();
        return { kind: "boundary" };
    }
  }

  private startTextblock(heading: 2 | 3 | null): Frame {
    this.endTextblock();
    this.textblock = { heading, content: [] };
    return { kind: "textblock", textblock: this.textblock };
  }

  private openContainer(container: Container, room: number): Frame {
    this.endTextblock();
    const needsItem = isList(this.top());
    if (this.containers.length + room + (needsItem ? 1 : 0) > MAX_CONTAINERS) return { kind: "boundary" };
    // A blockquote or nested list directly inside a list gets a list item to live in.
    if (needsItem) this.containers.push({ kind: "listItem", content: [] });
    this.containers.push(container);
    return { kind: "container", container };
  }

  private openListItem(): Frame {
    this.endTextblock();
    let top = this.top();
    // A stray item after text in the same list: close the implicit item first.
    if (top.kind === "listItem" && this.containers.length > 1) {
      const parent = this.containers[this.containers.length - 2];
      if (parent && isList(parent) && !this.frames.some((f) => f.kind === "container" && f.container === top)) {
        this.closeContainer(top);
        top = this.top();
      }
    }
    if (!isList(top)) {
      // <li> outside a list: give it one, if there is room.
      if (this.containers.length + 2 > MAX_CONTAINERS) return { kind: "boundary" };
      this.containers.push({ kind: "bulletList", items: [] });
    }
    const item: Container = { kind: "listItem", content: [] };
    this.containers.push(item);
    return { kind: "container", container: item };
  }

  private closeContainer(container: Container): void {
    const index = this.containers.lastIndexOf(container);
    if (index <= 0) return;
    while (this.containers.length > index) {
      const done = this.containers.pop();
      if (done) this.emitContainer(done);
    }
  }

  private emitContainer(container: Container): void {
    switch (container.kind) {
      case "blockquote":
        if (container.content.length) this.appendBlock({ type: "blockquote", content: container.content });
        break;
      case "bulletList":
        if (container.items.length) this.appendBlock({ type: "bulletList", content: container.items });
        break;
      case "orderedList":
        if (container.items.length) {
          this.appendBlock({
            type: "orderedList",
            attrs: { start: container.start, type: null },
            content: container.items,
          });
        }
        break;
      case "listItem": {
        const parent = this.top();
        if (!isList(parent)) {
          // Cannot happen (items are only opened inside lists); keep the content anyway.
          for (const block of container.content) this.appendBlock(block);
          break;
        }
        parent.items.push({ type: "listItem", content: listItemContent(container.content) });
        break;
      }
      case "doc":
        break;
    }
  }

  // -- content -------------------------------------------------------------

  private top(): Container {
    return this.containers[this.containers.length - 1] ?? this.root;
  }

  private appendBlock(block: StoryBlock): void {
    let top = this.top();
    if (isList(top)) {
      // Content directly inside <ul>/<ol>: wrap it in an implicit item.
      const item: Container = { kind: "listItem", content: [] };
      this.containers.push(item);
      top = item;
    }
    top.content.push(block);
  }

  private ensureTextblock(): Textblock {
    if (!this.textblock) this.textblock = { heading: null, content: [] };
    return this.textblock;
  }

  private hardBreak(): void {
    if (this.skipDepth > 0) return;
    this.ensureTextblock().content.push({ type: "hardBreak" });
  }

  private appendText(text: string, collapse: boolean): void {
    const block = this.ensureTextblock();
    const last = block.content[block.content.length - 1];
    let value = text;
    if (collapse && (!last || last.type === "hardBreak" || last.text.endsWith(" "))) {
      value = value.replace(/^ +/, "");
    }
    if (!value) return;
    const marks = this.currentMarks();
    if (last?.type === "text" && sameMarks(last.marks, marks)) {
      last.text += value;
      return;
    }
    const node: StoryText = marks.length ? { type: "text", text: value, marks } : { type: "text", text: value };
    block.content.push(node);
  }

  private currentMarks(): StoryMark[] {
    const marks: StoryMark[] = [];
    const href = this.links[this.links.length - 1];
    if (href) marks.push({ type: "link", attrs: { href, title: null } });
    if (this.bold > 0) marks.push({ type: "bold" });
    if (this.italic > 0) marks.push({ type: "italic" });
    return marks;
  }

  private endTextblock(): void {
    const block = this.textblock;
    this.textblock = null;
    if (!block) return;
    const content = trimInline(block.content);
    if (!content.length) return;
    this.appendBlock(
      block.heading === null ? { type: "paragraph", content } : { type: "heading", attrs: { level: block.heading }, content },
    );
  }
}

function isList(c: Container): c is Extract<Container, { kind: "bulletList" | "orderedList" }> {
  return c.kind === "bulletList" || c.kind === "orderedList";
}

/** Drops trailing spaces and trailing hard breaks, and leading hard breaks. */
function trimInline(content: StoryInline[]): StoryInline[] {
  const out = [...content];
  while (out[0]?.type === "hardBreak") out.shift();
  for (;;) {
    const last = out[out.length - 1];
    if (!last) break;
    if (last.type === "hardBreak") {
      out.pop();
      continue;
    }
    const trimmed = last.text.replace(/ +$/, "");
    if (trimmed) {
      out[out.length - 1] = { ...last, text: trimmed };
      break;
    }
    out.pop();
  }
  return out;
}

/** The editor schema wants every list item to start with a paragraph. */
function listItemContent(content: StoryBlock[]): StoryBlock[] {
  const [first, ...rest] = content;
  if (!first) return [{ type: "paragraph" }];
  if (first.type === "paragraph") return content;
  if (first.type === "heading")
    return [first.content ? { type: "paragraph", content: first.content } : { type: "paragraph" }, ...rest];
  return [{ type: "paragraph" }, ...content];
}

function sameMarks(a: StoryMark[] | undefined, b: StoryMark[]): boolean {
  const left = a ?? [];
  if (left.length !== b.length) return false;
  return left.every((mark, i) => {
    const other = b[i];
    if (!other || other.type !== mark.type) return false;
    return mark.type !== "link" || (other.type === "link" && other.attrs.href === mark.attrs.href);
  });
}
