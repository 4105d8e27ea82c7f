import { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { z } from "zod";

import { getStorySchema, normalizeLinkHref } from "@/lib/editor/extensions";

/**
 * The stored story-body contract: Tiptap JSON restricted to the node types, mark types
 * and attributes that lib/editor/extensions.ts defines. Every body read from a request,
 * the database or a wire adapter goes through parseStoryDoc before it is stored,
 * rendered or handed to the editor.
 *
 * Policy, in order:
 *  1. Size and shape limits (depth, node count, characters) are checked first, without
 *     recursion, so hostile input cannot exhaust the stack or the CPU.  → reject
 *  2. Unknown node or mark types, unknown attributes, wrong attribute values
 *     (heading level other than 2/3, …) and content the editor schema forbids.  → reject
 *  3. A link mark whose href is not an absolute http(s)/mailto URL after removing
 *     control, invisible and whitespace characters ("java\tscript:", "  javascript:",
 *     "data:…", relative URLs) loses the mark; its text is kept. Links are the one thing
 *     normalised rather than rejected so that a body stored under an older rule still
 *     renders, and so that a single stray link never costs a reporter their save.
 *  4. Text: NUL and other C0 controls (except tab, LF, CR) and DEL are removed, lone
 *     surrogates become U+FFFD (Postgres jsonb refuses \u0000). Text nodes left empty
 *     are dropped; duplicate marks are merged and marks put in schema order.
 *
 * Objects are read by their own enumerable keys, whatever their prototype: the editor's
 * `getJSON()` hands out ProseMirror's attrs objects, which have a null prototype, and
 * server code (from-html) stores them that way too. They are accepted and the output is
 * made of plain objects. A function where data belongs (what React's server-action
 * encoder delivers for an object it could not send, issue #12) is refused with its own
 * message, never read.
 *
 * The returned document is canonical: link marks carry only { href, title }, ordered
 * lists always carry { start, type }.
 */

// ---------------------------------------------------------------------------
// Types

export type StoryLinkAttrs = { href: string; title: string | null };
export type StoryMark = { type: "bold" } | { type: "italic" } | { type: "link"; attrs: StoryLinkAttrs };

export type StoryText = { type: "text"; text: string; marks?: StoryMark[] };
export type StoryHardBreak = { type: "hardBreak" };
export type StoryInline = StoryText | StoryHardBreak;

export type StoryParagraph = { type: "paragraph"; content?: StoryInline[] };
export type StoryHeading = { type: "heading"; attrs: { level: 2 | 3 }; content?: StoryInline[] };
export type StoryBlockquote = { type: "blockquote"; content: StoryBlock[] };
export type StoryListItem = { type: "listItem"; content: StoryBlock[] };
export type StoryBulletList = { type: "bulletList"; content: StoryListItem[] };
export type OrderedListType = "1" | "a" | "A" | "i" | "I";
export type StoryOrderedList = {
  type: "orderedList";
  attrs: { start: number; type: OrderedListType | null };
  content: StoryListItem[];
};
export type StoryHorizontalRule = { type: "horizontalRule" };
export type StoryBlock =
  StoryParagraph | StoryHeading | StoryBlockquote | StoryBulletList | StoryOrderedList | StoryHorizontalRule;

export type StoryDoc = { type: "doc"; content: StoryBlock[] };

export type StoryNodeType = StoryDoc["type"] | StoryBlock["type"] | StoryListItem["type"] | StoryInline["type"];
export type StoryMarkType = StoryMark["type"];

export const STORY_NODE_TYPES: readonly StoryNodeType[] = [
  "doc",
  "paragraph",
  "heading",
  "blockquote",
  "bulletList",
  "orderedList",
  "listItem",
  "horizontalRule",
  "hardBreak",
  "text",
];
export const STORY_MARK_TYPES: readonly StoryMarkType[] = ["link", "bold", "italic"];

export const STORY_DOC_LIMITS = {
  /** Nesting of nodes, the doc itself being level 1. Ten levels of nested lists fit. */
  maxDepth: 32,
  /** Nodes of any kind (blocks, text runs, breaks). A long feature is a few thousand. */
  maxNodes: 20_000,
  /** Characters in all strings (text, hrefs, keys) together. */
  maxChars: 1_000_000,
  /** Length of a serialized body accepted by parseStoryDocJson. */
  maxJsonLength: 2_000_000,
} as const;

// ---------------------------------------------------------------------------
// Errors

export type DocValidationCode = "DOC_INVALID" | "DOC_TOO_DEEP" | "DOC_TOO_LARGE";

export class DocValidationError extends Error {
  override readonly name = "DocValidationError";
  readonly code: DocValidationCode;
  /** Where in the document the problem is, e.g. "content[2].content[0]". */
  readonly path: string | undefined;

  constructor(code: DocValidationCode, message: string, path?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}

// ---------------------------------------------------------------------------
// Public API

export function emptyDoc(): StoryDoc {
  return { type: "doc", content: [{ type: "paragraph" }] };
}

/** Validate and canonicalise a story body. Throws DocValidationError. */
export function parseStoryDoc(json: unknown): StoryDoc {
  checkLimitsAndTypes(json);

  const result = docSchema.safeParse(json);
  if (!result.success) throw fromZodError(result.error);
  const doc = result.data;

  let node: ProseMirrorNode;
  try {
    node = ProseMirrorNode.fromJSON(getStorySchema(), doc);
    node.check();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DocValidationError("DOC_INVALID", `Story body does not fit the editor schema: ${detail}`, undefined, {
      cause: error,
    });
  }
  return doc;
}

export type SafeParseStoryDocResult = { ok: true; doc: StoryDoc } | { ok: false; error: DocValidationError };

export function safeParseStoryDoc(json: unknown): SafeParseStoryDocResult {
  try {
    return { ok: true, doc: parseStoryDoc(json) };
  } catch (error) {
    if (error instanceof DocValidationError) return { ok: false, error };
    throw error;
  }
}

/** For form posts: the hidden input of StoryEditor holds JSON.stringify(doc). */
export function parseStoryDocJson(text: string): StoryDoc {
  if (text.length > STORY_DOC_LIMITS.maxJsonLength) {
    throw new DocValidationError("DOC_TOO_LARGE", "Story body is too large to save.");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DocValidationError("DOC_INVALID", "Story body is not valid JSON.", undefined, { cause: error });
  }
  return parseStoryDoc(json);
}

// ---------------------------------------------------------------------------
// Step 1: limits and type allow-list, iteratively (no recursion on untrusted depth)

const NESTED_NODE_TYPES = new Set<string>(STORY_NODE_TYPES.filter((t) => t !== "doc"));
const MARK_TYPES = new Set<string>(STORY_MARK_TYPES);
// A node sits two JSON levels below its parent (object → content array → object);
// attrs and marks add at most three more.
const MAX_JSON_DEPTH = STORY_DOC_LIMITS.maxDepth * 2 + 4;
const MAX_JSON_VALUES = STORY_DOC_LIMITS.maxNodes * 8;

type Role = "node" | "mark" | "value";
type Frame = { value: unknown; path: string; role: Role; nodeDepth: number; jsonDepth: number };

function checkLimitsAndTypes(json: unknown): void {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new DocValidationError("DOC_INVALID", "Story body must be a document object.");
  }
  const stack: Frame[] = [{ value: json, path: "", role: "node", nodeDepth: 1, jsonDepth: 1 }];
  let values = 0;
  let nodes = 0;
  let chars = 0;

  const tooLarge = () =>
    new DocValidationError(
      "DOC_TOO_LARGE",
      `Story body is too large (limits: ${STORY_DOC_LIMITS.maxNodes} nodes, ${STORY_DOC_LIMITS.maxChars} characters).`,
    );

  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { value, path, role, nodeDepth, jsonDepth } = frame;
    if (++values > MAX_JSON_VALUES) throw tooLarge();
    if (typeof value === "string") {
      chars += value.length;
      if (chars > STORY_DOC_LIMITS.maxChars) throw tooLarge();
      continue;
    }
    if (typeof value === "function") {
      // A server-action temporary reference (the browser sent a non-plain object; see
      // lib/editor/plain-json.ts) or a caller's bug. Not data: say so, do not touch it.
      throw new DocValidationError(
        "DOC_INVALID",
        `Story body is not valid: ${path || "the document"} is not plain data (the browser could not send it). Reload the page and save again.`,
        path || undefined,
      );
    }
    if (typeof value !== "object" || value === null) continue;
    if (jsonDepth > MAX_JSON_DEPTH || nodeDepth > STORY_DOC_LIMITS.maxDepth) {
      throw new DocValidationError(
        "DOC_TOO_DEEP",
        `Story body is nested too deeply (more than ${STORY_DOC_LIMITS.maxDepth} levels).`,
        path || undefined,
      );
    }

    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        stack.push({ value: item, path: `${path}[${i}]`, role, nodeDepth, jsonDepth: jsonDepth + 1 });
      });
      continue;
    }

    if (role === "node") {
      if (++nodes > STORY_DOC_LIMITS.maxNodes) throw tooLarge();
      const type = (value as { type?: unknown }).type;
      const allowed = path === "" ? type === "doc" : typeof type === "string" && NESTED_NODE_TYPES.has(type);
      if (!allowed) {
        throw new DocValidationError(
          "DOC_INVALID",
          path === ""
            ? `Story body must be a document of type "doc", got ${describe(type)}.`
            : `Unsupported node type ${describe(type)} at ${path}.`,
          path || undefined,
        );
      }
    } else if (role === "mark") {
      const type = (value as { type?: unknown }).type;
      if (typeof type !== "string" || !MARK_TYPES.has(type)) {
        throw new DocValidationError("DOC_INVALID", `Unsupported mark type ${describe(type)} at ${path}.`, path);
      }
    }

    for (const [key, child] of Object.entries(value)) {
      chars += key.length;
      const childPath = path ? `${path}.${key}` : key;
      if (role === "node" && key === "content" && Array.isArray(child)) {
        child.forEach((item, i) => {
          stack.push({
            value: item,
            path: `${childPath}[${i}]`,
            role: "node",
            nodeDepth: nodeDepth + 1,
            jsonDepth: jsonDepth + 2,
          });
        });
      } else if (role === "node" && key === "marks" && Array.isArray(child)) {
        child.forEach((item, i) => {
          stack.push({ value: item, path: `${childPath}[${i}]`, role: "mark", nodeDepth, jsonDepth: jsonDepth + 2 });
        });
      } else {
        stack.push({ value: child, path: childPath, role: "value", nodeDepth, jsonDepth: jsonDepth + 1 });
      }
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return value === undefined ? "no type" : typeof value;
}

// ---------------------------------------------------------------------------
// Step 2–4: structure, attributes and normalisation (zod)

const TEXT_CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanStoryText(text: string): string {
  return text.replace(TEXT_CONTROL_CHARS, "").replace(LONE_SURROGATES, "\uFFFD");
}

/** Nodes and marks without attributes may still carry an empty attrs object. */
const noAttrs = z.strictObject({}).optional();

const linkMarkSchema = z.strictObject({
  type: z.literal("link"),
  attrs: z.strictObject({
    href: z.string().nullable(),
    title: z.string().max(1000).nullable().optional(),
    // Written by the editor with fixed values; accepted and replaced by the renderer's own.
    target: z.string().max(20).nullable().optional(),
    rel: z.string().max(100).nullable().optional(),
    class: z.string().max(100).nullable().optional(),
  }),
});
const markSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("bold"), attrs: noAttrs }),
  z.strictObject({ type: z.literal("italic"), attrs: noAttrs }),
  linkMarkSchema,
]);
type MarkInput = z.infer<typeof markSchema>;

const MARK_ORDER: Record<StoryMarkType, number> = { link: 0, bold: 1, italic: 2 };

/** Drops links with a refused href, merges duplicates, sorts into schema order. */
function normalizeMarks(marks: MarkInput[] | undefined): StoryMark[] | undefined {
  if (!marks?.length) return undefined;
  const byType = new Map<StoryMarkType, StoryMark>();
  for (const mark of marks) {
    if (byType.has(mark.type)) continue;
    if (mark.type === "link") {
      const href = normalizeLinkHref(mark.attrs.href);
      if (href === null) continue;
      const title = mark.attrs.title ? cleanStoryText(mark.attrs.title) : null;
      byType.set("link", { type: "link", attrs: { href, title: title || null } });
    } else {
      byType.set(mark.type, { type: mark.type });
    }
  }
  const out = [...byType.values()].sort((a, b) => MARK_ORDER[a.type] - MARK_ORDER[b.type]);
  return out.length ? out : undefined;
}

const marksField = z
  .array(markSchema)
  .max(STORY_MARK_TYPES.length * 2)
  .optional();

const textSchema = z
  .strictObject({ type: z.literal("text"), text: z.string(), marks: marksField })
  .transform((node): StoryText => {
    const marks = normalizeMarks(node.marks);
    const text = cleanStoryText(node.text);
    return marks ? { type: "text", text, marks } : { type: "text", text };
  });

const hardBreakSchema = z
  .strictObject({ type: z.literal("hardBreak"), attrs: noAttrs, marks: marksField })
  .transform((): StoryHardBreak => ({ type: "hardBreak" }));

const inlineContent = z
  .array(z.discriminatedUnion("type", [textSchema, hardBreakSchema]))
  .optional()
  .transform((nodes): StoryInline[] | undefined => {
    const kept = (nodes ?? []).filter((n) => n.type !== "text" || n.text.length > 0);
    return kept.length ? kept : undefined;
  });

function withContent<T extends { type: string }, C>(base: T, content: C[] | undefined): T & { content?: C[] } {
  return content ? { ...base, content } : base;
}

const paragraphSchema = z
  .strictObject({ type: z.literal("paragraph"), attrs: noAttrs, content: inlineContent })
  .transform((node): StoryParagraph => withContent({ type: "paragraph" as const }, node.content));

const headingSchema = z
  .strictObject({
    type: z.literal("heading"),
    attrs: z.strictObject({ level: z.union([z.literal(2), z.literal(3)], { error: "Headings must be level 2 or 3." }) }),
    content: inlineContent,
  })
  .transform((node): StoryHeading => withContent({ type: "heading" as const, attrs: { level: node.attrs.level } }, node.content));

const horizontalRuleSchema = z
  .strictObject({ type: z.literal("horizontalRule"), attrs: noAttrs })
  .transform((): StoryHorizontalRule => ({ type: "horizontalRule" }));

// Recursive parts. The explicit annotations break the inference cycle.
const blockSchema: z.ZodType<StoryBlock> = z.lazy(() =>
  z.discriminatedUnion("type", [
    paragraphSchema,
    headingSchema,
    blockquoteSchema,
    bulletListSchema,
    orderedListSchema,
    horizontalRuleSchema,
  ]),
);

const blockContent = z.array(blockSchema);

const listItemSchema: z.ZodType<StoryListItem> = z
  .strictObject({ type: z.literal("listItem"), attrs: noAttrs, content: blockContent })
  .transform((node): StoryListItem => ({ type: "listItem", content: node.content }));

const blockquoteSchema = z
  .strictObject({ type: z.literal("blockquote"), attrs: noAttrs, content: blockContent })
  .transform((node): StoryBlockquote => ({ type: "blockquote", content: node.content }));

const bulletListSchema = z
  .strictObject({ type: z.literal("bulletList"), attrs: noAttrs, content: z.array(listItemSchema) })
  .transform((node): StoryBulletList => ({ type: "bulletList", content: node.content }));

const orderedListSchema = z
  .strictObject({
    type: z.literal("orderedList"),
    attrs: z
      .strictObject({
        start: z.number().int().min(0).max(1_000_000).optional(),
        type: z.enum(["1", "a", "A", "i", "I"]).nullable().optional(),
      })
      .optional(),
    content: z.array(listItemSchema),
  })
  .transform((node): StoryOrderedList => ({
    type: "orderedList",
    attrs: { start: node.attrs?.start ?? 1, type: node.attrs?.type ?? null },
    content: node.content,
  }));

const docSchema = z
  .strictObject({ type: z.literal("doc"), attrs: noAttrs, content: z.array(blockSchema).optional() })
  .transform((node): StoryDoc => (node.content?.length ? { type: "doc", content: node.content } : emptyDoc()));

function fromZodError(error: z.ZodError): DocValidationError {
  const issue = deepestIssue(error.issues);
  const path = issue ? formatPath(issue.path) : "";
  const message = issue?.message ?? "invalid structure";
  return new DocValidationError(
    "DOC_INVALID",
    `Story body is not valid: ${message}${path ? ` at ${path}` : ""}.`,
    path || undefined,
    { cause: error },
  );
}

/** Unions report one nested list per branch; the most specific issue is the useful one. */
function deepestIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  let best: z.core.$ZodIssue | undefined;
  for (const issue of issues) {
    let candidate: z.core.$ZodIssue = issue;
    if (issue.code === "invalid_union" && issue.errors.length) {
      const nested = deepestIssue(issue.errors.flat());
      if (nested) candidate = { ...nested, path: [...issue.path, ...nested.path] };
    }
    if (!best || candidate.path.length > best.path.length) best = candidate;
  }
  return best;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
