/**
 * Who a story is credited to in public (page, JSON-LD, feeds, content API), by one rule:
 * - the byline the desk wrote, when there is one; it links to the author's page only when it
 *   names the author (a byline "By Jane Doe and staff" on Jane's story does, "Reuters" does not);
 * - otherwise agency copy is credited to the agency (its credit line), never silently to the
 *   staff member who clicked "create story";
 * - otherwise the author.
 */
export type PublicCredit = {
  name: string;
  /** The author's page, when the credit is (or names) the staff author. */
  authorSlug: string | null;
  kind: "person" | "organization";
};

type Creditable = { byline?: string | null; credit?: string | null; author: { name: string; slug: string } };

export function publicCredit(story: Creditable): PublicCredit {
  const byline = (story.byline ?? "").replace(/^\s*by\s+/i, "").trim();
  const author = story.author;
  if (byline) {
    const namesAuthor = byline.toLowerCase().includes(author.name.toLowerCase());
    return { name: byline, authorSlug: namesAuthor ? author.slug : null, kind: namesAuthor ? "person" : "organization" };
  }
  const credit = agencyName(story.credit ?? "");
  if (credit) return { name: credit, authorSlug: null, kind: "organization" };
  return { name: author.name, authorSlug: author.slug, kind: "person" };
}

/** "Copyright 2026 Meridian Wire Service" → "Meridian Wire Service": the agency, not the notice. */
export function agencyName(creditLine: string): string {
  return creditLine
    .trim()
    .replace(/^(?:copyright\b|\(c\)|©)\s*/i, "")
    .replace(/^(?:\d{4}(?:\s*[-–]\s*\d{4})?)[,.]?\s+/, "")
    .replace(/[.,;]\s*all rights reserved\.?$/i, "")
    .trim();
}
