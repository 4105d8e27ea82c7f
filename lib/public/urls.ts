import { siteUrl } from "@/lib/env";

/** Absolute public URLs (feeds, sitemaps, canonical links, the content API). */
export const absoluteUrl = (path: string) => `${siteUrl()}${path.startsWith("/") ? path : `/${path}`}`;
export const storyPath = (slug: string) => `/stories/${slug}`;
export const tagPath = (slug: string) => `/tags/${slug}`;
export const authorPath = (slug: string) => `/authors/${slug}`;

export const PAGE_SIZE = 20;
const MAX_PAGE = 10_000;

/**
 * `?page=N` for every list: a positive integer, at most 10,000. Anything else (0, -1, 1.5,
 * "abc", an array from a repeated parameter) is null, which pages answer with 404.
 */
export function parsePage(value: string | string[] | undefined): number | null {
  if (value === undefined) return 1;
  if (typeof value !== "string" || !/^[1-9][0-9]{0,4}$/.test(value)) return null;
  const n = Number(value);
  return n <= MAX_PAGE ? n : null;
}

/** `path?page=N`, keeping other query parameters (search's `q`). */
export function pageHref(path: string, page: number, params: Record<string, string> = {}): string {
  const search = new URLSearchParams(params);
  if (page > 1) search.set("page", String(page));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
