import "server-only";

import { renderToHTMLString } from "@tiptap/static-renderer/pm/html-string";

import { parseStoryDoc } from "@/lib/editor/doc-schema";
import { storyExtensions } from "@/lib/editor/extensions";
import { sanitizeHtmlFragment } from "@/lib/html/sanitize";

/**
 * Story body (stored Tiptap JSON) → HTML for the public site, feeds and the API.
 *
 * 1. parseStoryDoc: allow-list, limits, link hrefs (throws DocValidationError);
 * 2. the static renderer with the same extensions as the editor (no DOM needed);
 * 3. sanitizeHtmlFragment, in case a renderer or extension ever emits more than we
 *    think (defence in depth). It also sets rel="noopener noreferrer nofollow" on links.
 *
 * Accepts `unknown` on purpose: a body read from the database is validated here
 * every time, whatever its static type says.
 */
export function renderStoryHtml(doc: unknown): string {
  const valid = parseStoryDoc(doc);
  const html = renderToHTMLString({ content: valid, extensions: storyExtensions });
  return sanitizeHtmlFragment(html);
}
