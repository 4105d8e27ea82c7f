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
  const byline = bylineName(story.byline ?? "");
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

/**
 * The name(s) a byline credits: "By Jane Doe" → "Jane Doe"; an agency's trailer credit
 * "(Reporting by Jane Doe and Ali Khan; Editing by Sam Roe)" → "Jane Doe and Ali Khan" (the
 * reporters; editing and compiling credits are the agency's internal record).
 */
export function bylineName(raw: string): string {
  let b = raw
    .trim()
    .replace(/^\((.*)\)$/s, "$1")
    .trim();
  const reporting = /(?:^|;\s*)(?:additional\s+)?(?:reporting|writing|written)\s+by\s+([^;]+)/i.exec(b);
  if (reporting) b = reporting[1]!;
  return b
    .replace(/^\s*by\s+/i, "")
    .replace(/[\s.;,]+$/, "")
    .trim();
}
