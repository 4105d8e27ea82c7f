import sanitizeHtml from "sanitize-html";

/**
 * The one HTML sanitizer. Everything that will be rendered as HTML (wire bodies on
 * import, story bodies on render) passes through it. Allow-list only: unknown tags are
 * dropped with their text kept, script-like containers are dropped with their content,
 * links are http(s)/mailto only, no attributes that run code or carry styles.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
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
    "b",
    "em",
    "i",
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
  ],
  disallowedTagsMode: "discard",
  nonTextTags: [
    "script",
    "style",
    "textarea",
    "option",
    "noscript",
    "iframe",
    "object",
    "embed",
    "template",
    "title",
    "svg",
    "math",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"],
    q: ["lang"],
    ol: ["start"],
    th: ["colspan", "rowspan", "scope"],
    td: ["colspan", "rowspan"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  enforceHtmlBoundary: false,
  transformTags: {
    b: "strong",
    i: "em",
    // Block structure is kept (so paragraphs do not run together), at the levels we render.
    h1: "h2",
    h5: "h4",
    h6: "h4",
    section: "div",
    article: "div",
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: "noopener noreferrer nofollow" },
    }),
  },
  // Deep nesting is flattened rather than rejected: content is kept, structure capped.
  nestingLimit: 64,
};

export function sanitizeHtmlFragment(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

/** Escape text for inclusion in HTML (text nodes and quoted attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
