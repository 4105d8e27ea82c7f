import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { loginAs, unique } from "./fixtures";

// Issue #12 item 1: the public page cache stored each spelling of a URL under its own key
// (`/stories/%6dy-story` under `story:%6dy-story`), which no invalidation names, so killed text
// stayed public for the cache's TTL. Every public route that shows one story is requested here
// in many spellings after each change (publish, update, unpublish, publish again, kill); once
// the canonical URL shows the change, no spelling may still serve the previous text.

const BASE = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

const slugOf = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const hex = (c: string, upper = false) => {
  const h = c.charCodeAt(0).toString(16);
  return `%${upper ? h.toUpperCase() : h}`;
};

/** `path` is `prefix + slug + suffix`: the spellings of it a reader (or a prober) can send. */
function spellings(prefix: string, slug: string, suffix = ""): string[] {
  const [first, second] = [slug[0]!, slug[1]!];
  const rest = slug.slice(2);
  const canonical = prefix + slug + suffix;
  const variants = [
    prefix + hex(first) + second + rest + suffix, // %6dy-story
    prefix + hex(first, true) + second + rest + suffix, // mixed-case hex: %6D
    prefix + hex(first).replace("%", "%25") + second + rest + suffix, // double-encoded: %256d
    prefix + slug.toUpperCase() + suffix, // MY-STORY
    prefix + first + hex(second, true) + rest.toUpperCase() + suffix, // mixed: m%79-STORY
    prefix + [...slug].map((c) => hex(c)).join("") + suffix, // every byte encoded
    prefix + slug.replace(/-/g, "%2D") + suffix, // encoded hyphens
    `${prefix}${slug}${suffix}/`, // trailing slash
    `${prefix.replace(/^\/(.)/, (_m, c: string) => `/${hex(c)}`)}${slug}${suffix}`, // the route's own name encoded
    `${prefix}${hex(first)}${second}${rest}${suffix}?page=1`, // with a query
  ];
  // (an id has no hyphen to encode)
  return [canonical, ...variants.filter((v) => v !== canonical)];
}

async function newStory(page: Page, headline: string, tag: string): Promise<string> {
  await page.goto("/desk/stories");
  await page.getByLabel("Headline for a new story").fill(headline);
  await page.getByRole("button", { name: "New story" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  const id = new URL(page.url()).pathname.split("/").pop()!;
  await page.getByLabel("Standfirst").fill("What changes for passengers this winter.");
  await page.getByTestId("story-body-editor").click();
  await page.keyboard.type(`The body mentions the ferry timetable.`);
  const tagInput = page.getByLabel("Find or add a tag");
  await tagInput.fill(tag);
  await tagInput.press("Enter");
  await expect(page.getByTestId("story-tags")).toContainText(tag);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("story-message")).toHaveText("Saved");
  return id;
}

async function press(page: Page, label: string) {
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: label, exact: true }).click();
}

/** Polls until `check` holds for `url` (the change has reached the cache), failing after 5 s. */
async function until(api: APIRequestContext, url: string, check: (status: number, text: string) => boolean) {
  const started = Date.now();
  for (;;) {
    const res = await api.get(url);
    if (check(res.status(), await res.text())) return;
    if (Date.now() - started > 5_000) throw new Error(`${url} did not change (status ${res.status()})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("a change reaches every spelling of every public URL of a story: none keeps the old text", async ({ page }) => {
  test.setTimeout(180_000);
  const api = await playwrightRequest.newContext({ baseURL: BASE });
  const run = unique("x").split(" ")[1]!;
  const first = `Ferry timetable alpha ${run}`;
  const second = `Harbour crane bravo ${run}`;
  const third = `Quay lights charlie ${run}`;
  const tag = `Ferries ${run}`;
  const slug = slugOf(first);
  const tagSlug = slugOf(tag);

  await loginAs(page, "editor", "/desk/stories");
  const id = await newStory(page, first, tag);
  await press(page, "Publish");
  await until(api, `/stories/${slug}`, (s, t) => s === 200 && t.includes(first));
  const authorHref = await (
    await api.get(`/stories/${slug}`)
  )
    .text()
    .then((html) => /href="(\/authors\/[a-z0-9-]+)"/.exec(html)?.[1]);
  expect(authorHref).toBeTruthy();
  const authorSlug = authorHref!.slice("/authors/".length);

  // Every public URL that shows the story's text, in every spelling.
  const routes = [
    spellings("/stories/", slug),
    spellings("/api/content/stories/", slug),
    spellings("/api/content/stories/", id),
    spellings("/authors/", authorSlug),
    spellings("/tags/", tagSlug),
    spellings("/tags/", tagSlug, "/feed.xml"),
    spellings("/tags/", tagSlug, "/atom.xml"),
  ];
  const all = routes.flat();

  /** Requests every spelling twice (the second is a cache hit where one is stored). */
  const warm = async () => {
    for (const url of all) for (let i = 0; i < 2; i++) await api.get(url);
  };
  /** No spelling serves `old`, following redirects; non-canonical spellings never answer 200 themselves. */
  const neverServes = async (old: string, step: string) => {
    for (const spellingsOfRoute of routes) {
      const [canonical, ...others] = spellingsOfRoute;
      for (const url of [canonical!, ...others]) {
        const res = await api.get(url);
        // Soft: a failure lists every spelling that still serves the old text, not only the first.
        expect.soft(await res.text(), `${step}: ${url} (x-cache ${res.headers()["x-cache"]})`).not.toContain(old);
      }
      for (const url of others) {
        const res = await api.get(url, { maxRedirects: 0 });
        expect
          .soft([301, 308, 400, 404], `${step}: ${url} answered ${res.status()} under its own spelling`)
          .toContain(res.status());
        if (res.status() === 308)
          expect(res.headers().location, url).toBe(canonical!.replace(/\?.*$/, "") + (url.includes("?") ? "?page=1" : ""));
      }
    }
  };

  await warm();
  // Sanity: the text is there to be found (each route shows the headline), through any spelling.
  for (const url of [
    `/stories/%${slug.charCodeAt(0).toString(16)}${slug.slice(1)}`,
    `/api/content/stories/%${id.charCodeAt(0).toString(16)}${id.slice(1)}`,
    `/tags/${tagSlug}/atom.xml/`,
  ]) {
    expect(await (await api.get(url)).text(), url).toContain(first);
  }

  // Update: a live story's headline changes.
  await page.getByLabel("Headline").fill(second);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("story-message")).toHaveText("Saved");
  await until(api, `/stories/${slug}`, (s, t) => s === 200 && t.includes(second));
  await neverServes(first, "update");

  // Unpublish.
  await warm();
  await press(page, "Unpublish");
  await until(api, `/stories/${slug}`, (s) => s === 404);
  await neverServes(second, "unpublish");

  // Publish again with new text, then kill.
  await page.getByLabel("Headline").fill(third);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("story-message")).toHaveText("Saved");
  await press(page, "Publish");
  await until(api, `/stories/${slug}`, (s, t) => s === 200 && t.includes(third));
  await warm();
  await press(page, "Kill");
  await until(api, `/stories/${slug}`, (s) => s === 410);
  await neverServes(third, "kill");
  await api.dispose();
});

// Issue #12 item 8b: query values a reader invents cost neither a render nor a cache entry.
test("invented query values: refused without a render, or served from the canonical entry", async () => {
  const api = await playwrightRequest.newContext({ baseURL: BASE });
  await api.get("/");
  expect((await api.get("/")).headers()["x-cache"]).toBe("HIT");
  // Parameters the page does not read share the canonical entry (no render, no new key).
  for (const url of ["/?utm_source=probe", "/?tag=x&since=2020-01-01T00:00:00Z", `/?z=${Date.now()}`]) {
    const res = await api.get(url);
    expect(res.status(), url).toBe(200);
    expect(res.headers()["x-cache"], url).toBe("HIT");
  }
  // Invalid values are refused by the cache itself (404 from a page, as Next would; 400 from
  // the API): no render (no x-cache), nothing stored.
  for (const url of ["/?page=0", "/?page=abc", "/?page=1&page=2", "/tags/x?page=99999", "/api/content/stories?pageSize=1000"]) {
    const res = await api.get(url, { maxRedirects: 0 });
    expect(res.status(), url).toBe(url.startsWith("/api/") ? 400 : 404);
    expect(res.headers()["x-cache"], url).toBeUndefined();
    expect(res.headers()["cache-control"], url).toBe("no-store");
  }
  const json = await api.get("/api/content/stories?since=yesterday");
  expect(json.status()).toBe(400);
  expect(((await json.json()) as { error: { status: number } }).error.status).toBe(400);
  // A known value in another spelling shares the entry of its canonical form.
  await api.get("/api/content/stories?pageSize=5&tag=night-trams");
  const respelled = await api.get("/api/content/stories?tag=Night-Trams&pageSize=05");
  expect(respelled.headers()["x-cache"]).toBe("HIT");
  await api.dispose();
});
