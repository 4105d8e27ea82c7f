import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { openStoryWithAuthorLink } from "./public-helpers";
import { loginAs, unique } from "./fixtures";

// The public site as a reader (no cookies) sees it, and the cache's freshness after each
// change an editor makes: every affected page, feed, sitemap and API response within 1 s.

const BASE = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

async function reader(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: BASE });
}

/** Polls `url` until `check` holds; returns the milliseconds it took (fails past `limitMs`). */
async function within(api: APIRequestContext, url: string, check: (status: number, text: string) => boolean, limitMs = 1_000) {
  const started = Date.now();
  for (;;) {
    const res = await api.get(url, { maxRedirects: 0 });
    const text = await res.text();
    if (check(res.status(), text)) return Date.now() - started;
    if (Date.now() - started > limitMs) throw new Error(`${url} did not change within ${limitMs} ms (status ${res.status()})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function newStory(page: Page, headline: string, tag: string) {
  await page.goto("/desk/stories");
  await page.getByLabel("Headline for a new story").fill(headline);
  await page.getByRole("button", { name: "New story" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  await page.getByLabel("Standfirst").fill(`Standfirst of ${headline}.`);
  await page.getByTestId("story-body-editor").click();
  await page.keyboard.type(`The body of ${headline} mentions the lighthouse keeper.`);
  const tagInput = page.getByLabel("Find or add a tag");
  await tagInput.fill(tag);
  await tagInput.press("Enter");
  await expect(page.getByTestId("story-tags")).toContainText(tag);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("story-message")).toHaveText("Saved");
}

async function transition(page: Page, label: string, message: RegExp) {
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: label, exact: true }).click();
  await expect(page.getByTestId("story-message")).toHaveText(message);
}

const slugOf = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

test("publish, update, kill: every affected cached page, feed, sitemap and API response changes within 1 s", async ({ page }) => {
  const api = await reader();
  const headline = unique("Harbour lighthouse reopens");
  const tag = unique("Lighthouses");
  const tagSlug = slugOf(tag);
  await loginAs(page, "editor", "/desk/stories");
  await newStory(page, headline, tag);

  // Warm the cache: the second request for each list is served from memory.
  const lists = [
    "/",
    "/feed.xml",
    "/atom.xml",
    "/sitemap.xml",
    "/news-sitemap.xml",
    "/api/content/stories",
    "/search?q=lighthouse",
  ];
  for (const url of lists) {
    await api.get(url);
    const again = await api.get(url);
    expect(again.headers()["x-cache"], url).toBe("HIT");
    expect(await again.text()).not.toContain(headline);
  }
  expect((await api.get(`/stories/${slugOf(headline)}`)).status()).toBe(404);

  await transition(page, "Publish", /published/);
  const slug = slugOf(headline);
  for (const url of [...lists, `/stories/${slug}`, `/tags/${tagSlug}`, `/tags/${tagSlug}/feed.xml`]) {
    const ms = await within(api, url, (status, text) => status === 200 && text.includes(slug));
    console.log(`publish → ${url} fresh after ${ms} ms`);
  }
  // Cached again, and untouched pages stay cached (no full purge).
  expect((await api.get("/")).headers()["x-cache"]).toBe("HIT");

  // An update of the live story (save) shows at once on the article page and in the API.
  const changed = `${headline} (updated)`;
  await page.getByLabel("Headline").fill(changed);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("story-message")).toHaveText("Saved");
  await within(api, `/stories/${slug}`, (s, t) => s === 200 && t.includes("(updated)"));
  await within(api, `/api/content/stories/${slug}`, (s, t) => s === 200 && t.includes("(updated)"));
  await within(api, "/feed.xml", (_s, t) => t.includes("(updated)"));

  // Kill: 410 with a notice, and gone from every list.
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Kill", exact: true }).click();
  await expect(page.getByText(/^killed$/i).first()).toBeVisible();
  await within(api, `/stories/${slug}`, (s, t) => s === 410 && t.includes("withdrawn"));
  for (const url of [...lists, `/api/content/stories/${slug}`]) {
    await within(api, url, (_s, t) => !t.includes(slug));
  }
  await api.dispose();
});

test("every public page type renders for a reader", async ({ page }) => {
  const api = await reader();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  const first = page.locator("main article a").first();
  const href = await first.getAttribute("href");
  expect(href).toMatch(/^\/stories\//);
  await page.goto(href!);

  // Article: headline, byline linking to the author page, times, canonical, OG, JSON-LD.
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", new RegExp(`${href}$`));
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute("content", "article");
  await expect(page.locator('meta[name="twitter:card"]')).toHaveCount(1);
  const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "{}") as Record<
    string,
    unknown
  >;
  expect(ld["@type"]).toBe("NewsArticle");
  expect(ld.datePublished).toBeTruthy();
  await expect(page.getByText(/^Published \d/)).toBeVisible();
  // Agency copy is credited to the agency (no author link, an Organization in JSON-LD); a
  // staff byline links to its author's page.
  const authors = ld.author as { "@type": string; name: string }[];
  if ((await page.locator('a[rel="author"]').count()) === 0) {
    expect(authors[0]?.["@type"]).toBe("Organization");
    await expect(page.getByText(`By ${authors[0]!.name}`)).toBeVisible();
  }
  await openStoryWithAuthorLink(page);
  await page.locator('a[rel="author"]').first().click();
  await expect(page).toHaveURL(/\/authors\//);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("main article").first()).toBeVisible();

  // Search: ranked results with highlighted matches; bad input is just text.
  await page.goto("/search?q=honduras");
  await expect(page.locator("main mark").first()).toBeVisible();
  for (const q of ["& | ! <-> :* ( )", "'", "\\", "the and of", Array.from({ length: 1000 }, (_, i) => `w${i}`).join(" ")]) {
    const res = await api.get(`/search?q=${encodeURIComponent(q)}`);
    expect(res.status(), q.slice(0, 20)).toBe(200);
  }

  // 404, pagination, feeds, sitemaps, robots, API.
  const missing = await page.goto("/stories/no-such-story-anywhere");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("search", { name: "Search from this page" }).getByLabel("Search published stories")).toBeVisible();
  // An unknown URL outside every public route still lands on the paper: masthead and footer.
  const unknown = await page.goto("/no/such/section");
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "The Wiredesk Times" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Content API (ninjs)" })).toBeVisible();
  expect((await api.get("/?page=0")).status()).toBe(404);
  expect((await api.get("/?page=999")).status()).toBe(404);
  expect((await api.get("/feed.xml")).headers()["content-type"]).toContain("application/rss+xml");
  expect((await api.get("/atom.xml")).headers()["content-type"]).toContain("application/atom+xml");
  expect(await (await api.get("/sitemap.xml")).text()).toContain("<urlset");
  expect(await (await api.get("/news-sitemap.xml")).text()).toContain("xmlns:news");
  expect(await (await api.get("/robots.txt")).text()).toMatch(/Sitemap: http.*\/sitemap\.xml/);
  const list = (await (await api.get("/api/content/stories?pageSize=2")).json()) as { items: { uri: string }[] };
  expect(list.items.length).toBeGreaterThan(0);
  expect((await api.get("/api/content/stories?since=yesterday")).status()).toBe(400);
  await api.dispose();
});

test("a cached page ships no script, carries a hash-based CSP and logs no CSP violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  await page.goto("/");
  const res = await page.goto("/");
  expect(res?.headers()["x-cache"]).toBe("HIT");
  const csp = res?.headers()["content-security-policy"] ?? "";
  // Hash sources for whatever inline script is left (none today: the cache strips Next's runtime).
  expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*;/);
  const executable = await page.locator('script:not([type="application/ld+json"])').count();
  expect(executable).toBe(0);
  expect(csp).not.toContain("nonce-");
  expect(csp).not.toContain("'unsafe-inline' 'sha");
  expect(violations).toEqual([]);
});
