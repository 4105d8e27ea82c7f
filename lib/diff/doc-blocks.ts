import type { StoryBlock, StoryDoc, StoryInline } from "@/lib/editor/doc-schema";

/** Plain text of inline content; a hard break is a newline. */
export function inlineText(content: readonly StoryInline[] | undefined): string {
  return (content ?? []).map((n) => (n.type === "text" ? n.text : "\n")).join("");
}

function blockLines(block: StoryBlock, prefix: string, out: string[]) {
  switch (block.type) {
    case "paragraph":
    case "heading":
      out.push(prefix + inlineText(block.content));
      break;
    case "blockquote":
      for (const b of block.content) blockLines(b, `${prefix}> `, out);
      break;
    case "bulletList":
    case "orderedList":
      block.content.forEach((item, n) => {
        const marker = block.type === "bulletList" ? "• " : `${(block.attrs.start ?? 1) + n}. `;
        item.content.forEach((b, k) => blockLines(b, k === 0 ? prefix + marker : prefix + "   ", out));
      });
      break;
    case "horizontalRule":
      out.push(`${prefix}———`);
      break;
  }
}

/**
 * A document as a list of text blocks (paragraphs, headings, list items), the unit the
 * side-by-side views align before comparing words.
 */
export function docToBlockTexts(doc: StoryDoc): string[] {
  const out: string[] = [];
  for (const b of doc.content) blockLines(b, "", out);
  return out;
}
