import { getSchema, type Extensions } from "@tiptap/core";
import type { Schema } from "@tiptap/pm/model";
import StarterKit from "@tiptap/starter-kit";

/**
 * THE list of Tiptap extensions for story bodies. The client editor and the server
 * renderer both use it, so what an editor can produce is exactly what the server accepts
 * and renders. Changing it changes the stored-document contract: update
 * lib/editor/doc-schema.ts (the allow-list) in the same change.
 *
 * Safe to import from server and client code: nothing here touches the DOM at import.
 */

export const MAX_LINK_HREF_LENGTH = 2048;

// Browsers drop ASCII tab/LF/CR anywhere in a URL and trim C0 controls and spaces at
// the ends, so "java\tscript:" and "  javascript:" run as javascript:. We remove every
// control, format (zero-width, bidi) and separator character before looking at the
// scheme, and percent-encode ordinary spaces that survive inside the URL.
const STRIP_FROM_HREF =
  /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/g;
const INNER_SPACES = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g;

/**
 * Returns the cleaned href if it is an absolute http(s) or mailto URL, otherwise null.
 * This is the one rule for links in stored documents, the renderer and the editor's
 * link prompt. Relative and protocol-relative URLs are refused: story bodies are
 * syndicated, so a relative link would point somewhere different on every site.
 */
export function normalizeLinkHref(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const cleaned = raw.replace(STRIP_FROM_HREF, "").trim().replace(INNER_SPACES, "%20");
  if (cleaned.length === 0 || cleaned.length > MAX_LINK_HREF_LENGTH) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
  if (scheme !== "http" && scheme !== "https" && scheme !== "mailto") return null;
  let url: URL;
  try {
    url = new URL(cleaned);
  } catch {
    return null;
  }
  if (url.protocol === "mailto:") return url.pathname.length > 0 ? cleaned : null;
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // "https:example.com" and "https:/example.com" parse, but only "//host" is what people mean.
  if (!/^https?:\/\//i.test(cleaned) || url.hostname.length === 0) return null;
  return cleaned;
}

/**
 * What the autolinker checks before it turns typed text into a link: linkify hands us
 * the text as typed ("www.example.com", "desk@example.com") and then stores its own
 * absolute href ("https://www.example.com", "mailto:desk@example.com"). So besides
 * absolute allowed URLs we accept bare host names and e-mail addresses — strings with
 * no scheme at all, which a browser could only ever treat as relative paths. Stored
 * documents never keep such an href: parseStoryDoc only accepts normalizeLinkHref.
 */
function isBareAutolinkText(raw: string): boolean {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_LINK_HREF_LENGTH) return false;
  if (/[\s\u0000-\u001F\u007F-\u009F:]/.test(text.split(/[/?#]/, 1)[0] ?? "")) return false;
  const host = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?:[/?#][^\s]*)?$/i;
  const email = /^[^\s@/?#:]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;
  return host.test(text) || email.test(text);
}

/** The Link extension's `isAllowedUri`: guards setLink, pasted <a href>, autolink and rendering. */
export function isAllowedLinkUri(url: unknown): boolean {
  if (normalizeLinkHref(url) !== null) return true;
  return typeof url === "string" && isBareAutolinkText(url);
}

/** Rel for every rendered link; stored documents cannot change it. */
export const LINK_REL = "noopener noreferrer nofollow";

export const storyExtensions: Extensions = [
  StarterKit.configure({
    heading: { levels: [2, 3] },
    code: false,
    codeBlock: false,
    strike: false,
    underline: false,
    link: {
      autolink: true,
      openOnClick: false,
      linkOnPaste: true,
      // http, https and mailto are linkify's built-ins; `protocols` only *adds* schemes,
      // so it stays empty and isAllowedUri is what enforces the allow-list.
      protocols: [],
      defaultProtocol: "https",
      HTMLAttributes: { target: null, rel: LINK_REL, class: null },
      isAllowedUri: (url) => isAllowedLinkUri(url),
    },
  }),
];

let schemaCache: Schema | undefined;

/** The ProseMirror schema both sides derive from storyExtensions (built lazily, once). */
export function getStorySchema(): Schema {
  schemaCache ??= getSchema(storyExtensions);
  return schemaCache;
}
