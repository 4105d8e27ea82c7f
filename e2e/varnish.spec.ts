import { readFileSync } from "node:fs";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import {
  e2eFrontCachePorts,
  e2eStateFile,
  type E2eState,
  findVarnishd,
  startAppInstance,
  startVarnish,
  waitForHealthyBackends,
  type AppInstance,
  type Varnish,
} from "../scripts/front-cache-harness";
import { loginAs, unique } from "./fixtures";

// Real Varnish (varnish/wiredesk.vcl, xkey) in front of TWO app instances on one Postgres:
// the one Playwright started (scripts/e2e-server.ts, port A) and a second one started here
// (port B). Changes made on either instance must be fresh through Varnish within 1 s; drafts
// and signed-in pages never enter Varnish; a reader's cookie never reaches a cached page.
//
// Fails without the protection (checked once each): with the purge job not enqueued
// (lib/public/invalidate.ts) every freshness check times out at 1 s; without the front-cache
// bypass of the in-process cache (scripts/server.ts, `front`) the first test gets an
// in-process HIT for a front-cache fetch (Varnish could be refilled from an instance that
// has not heard of the change yet); with `return (pass)` for session
// cookies removed from the VCL the signed-in page is a HIT for the reader.

const A = Number(process.env.E2E_PORT ?? 3100);
const { second: B, varnish: V } = e2eFrontCachePorts(A);
const base = (port: number) => `http://localhost:${port}`;

let varnish: Varnish | undefined;
let instanceB: AppInstance | undefined;

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const varnishd = findVarnishd();
  let state: E2eState | null = null;
  try {
    state = JSON.parse(readFileSync(e2eStateFile(A), "utf8")) as E2eState;
  } catch {
    state = null;
  }
  const why = !varnishd
    ? "varnishd is not installed (apt-get install -y varnish varnish-modules)"
    : !state
      ? "the e2e server runs on the embedded PGlite (single connection): a second instance needs DATABASE_URL"
      : null;
  if (why) {
    if (process.env.CI) throw new Error(`front-cache e2e cannot run in CI: ${why}`);
    test.skip(true, `SKIPPED the Varnish front-cache tests: ${why}`);
    return;
  }
  instanceB = await startAppInstance({
    port: B,
    env: {
      DATABASE_URL: state!.databaseUrl,
      NEXTAUTH_SECRET: state!.nextauthSecret,
      WIREDESK_FRONT_CACHES: state!.frontCaches,
      WIREDESK_FEED_ALLOW_HOSTS: "127.0.0.1",
    },
  });
  varnish = await startVarnish({ port: V, backendPorts: [A, B] });
  await waitForHealthyBackends(varnish, 2);
});

test.afterAll(async () => {
  await varnish?.stop();
  await instanceB?.stop();
});

async function reader(port = V): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: base(port) });
}

/** Polls `url` through Varnish until `check` holds; returns the ms it took (fails past `limitMs`). */
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

/** GETs `url` until Varnish answers it from its store (the warm-up of a page before a change). */
async function warm(api: APIRequestContext, url: string) {
  for (let i = 0; i < 20; i++) {
    const res = await api.get(url, { maxRedirects: 0 });
    if (res.headers()["x-front-cache"] === "HIT") return res;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became a Varnish hit`);
}

const slugOf = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

async function editorOn(browser: Browser, port: number): Promise<Page> {
  const context = await browser.newContext({ baseURL: base(port) });
  const page = await context.newPage();
  await loginAs(page, "editor", "/desk/stories");
  return page;
}

async function newStory(page: Page, headline: string, tag: string): Promise<string> {
  await page.goto("/desk/stories");
  await page.getByLabel("Headline for a new story").fill(headline);
  await page.getByRole("button", { name: "New story" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  const id = new URL(page.url()).pathname.split("/").pop()!;
  await page.getByLabel("Standfirst").fill(`Standfirst of ${headline}.`);
  await page.getByTestId("story-body-editor").click();
  await page.keyboard.type(`The body of ${headline} mentions the harbour pilot.`);
  const tagInput = page.getByLabel("Find or add a tag");
  await tagInput.fill(tag);
  await tagInput.press("Enter");
  await expect(page.getByTestId("story-tags")).toContainText(tag);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("story-message")).toHaveText("Saved");
  return id;
}

async function transition(page: Page, label: string, message: RegExp) {
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: label, exact: true }).click();
  await expect(page.getByTestId("story-message")).toHaveText(message);
}

function sectionsNav(html: string): string {
  return /<nav[^>]*aria-label="Sections"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
}

test("cacheable responses carry their keys for every kind of front cache; private ones carry none", async ({ browser }) => {
  const app = await reader(A);
  const home = await app.get("/");
  const h = home.headers();
  expect(h["xkey"]?.split(" ")).toEqual(expect.arrayContaining(["home", "frame"]));
  expect(h["surrogate-key"]).toBe(h["xkey"]);
  expect(h["cache-tag"]?.split(",")).toEqual(expect.arrayContaining(["home", "frame"]));
  expect(h["surrogate-control"]).toMatch(/max-age=\d+/);
  expect(h["cache-control"]).toMatch(/max-age=0/); // browsers revalidate
  expect(h["cache-control"]).not.toMatch(/s-maxage/);
  for (const path of ["/login", "/api/auth/session"]) {
    const res = await app.get(path, { maxRedirects: 0 });
    expect(res.headers()["cache-control"], path).toBe("private, no-store");
    expect(res.headers()["xkey"], path).toBeUndefined();
  }
  // A front cache's fetch is rendered from the database, never answered from the instance's
  // in-process copy (which may predate a change the instance has not heard of yet).
  await app.get("/feed.xml");
  expect((await app.get("/feed.xml")).headers()["x-cache"]).toBe("HIT");
  const surrogate = { "surrogate-capability": 'wiredesk="Surrogate/1.0"' };
  for (let i = 0; i < 2; i++) {
    const res = await app.get("/feed.xml", { headers: surrogate });
    expect(res.headers()["x-cache"]).toBe("MISS");
    expect(res.headers()["surrogate-control"]).toMatch(/max-age=\d+/);
  }
  const editor = await editorOn(browser, A);
  const signedIn = await editor.context().request.get(`${base(A)}/`);
  expect(signedIn.headers()["cache-control"]).toBe("private, no-store");
  expect(signedIn.headers()["xkey"]).toBeUndefined();
  expect(signedIn.headers()["surrogate-key"]).toBeUndefined();
  const desk = await editor.context().request.get(`${base(A)}/desk/stories`);
  expect(desk.headers()["cache-control"]).toBe("private, no-store");
  await editor.context().close();
  await app.dispose();
});

test("publish, update, kill and a section change made on either instance are fresh through Varnish within 1 s", async ({
  browser,
}) => {
  const api = await reader();
  const onA = await editorOn(browser, A);
  const onB = await editorOn(browser, B);
  const headline = unique("Pilot boat rescue");
  const tag = unique("Pilot boats");
  const tagSlug = slugOf(tag);
  const id = await newStory(onA, headline, tag);
  const slug = slugOf(headline);

  const lists = ["/", "/feed.xml", "/sitemap.xml", "/api/content/stories"];
  for (const url of [...lists, `/stories/${slug}`]) {
    const res = await warm(api, url);
    if (url.startsWith("/stories/")) expect(res.status()).toBe(404);
    else expect(await res.text(), url).not.toContain(slug);
    expect(res.headers()["x-varnish"], url).toMatch(/^\d+ \d+$/); // a hit names two transactions
  }
  const timings: string[] = [];

  // Publish on A.
  await transition(onA, "Publish", /published/);
  for (const url of [...lists, `/stories/${slug}`]) {
    timings.push(`publish@A ${url} ${await within(api, url, (s, t) => s === 200 && t.includes(slug))} ms`);
  }
  // Cached again, and an unrelated page was not purged (no full purge for a story change).
  await warm(api, "/");

  // Update on B.
  await onB.goto(`/desk/stories/${id}`);
  await onB.getByLabel("Headline").fill(`${headline} (updated)`);
  await onB.getByRole("button", { name: "Save", exact: true }).click();
  await expect(onB.getByTestId("story-message")).toHaveText("Saved");
  for (const url of [`/stories/${slug}`, `/api/content/stories/${slug}`, "/feed.xml"]) {
    timings.push(`update@B ${url} ${await within(api, url, (_s, t) => t.includes("(updated)"))} ms`);
  }

  // A second story published on B, then killed on A.
  const other = unique("Harbour dredging");
  const otherId = await newStory(onB, other, tag);
  const otherSlug = slugOf(other);
  await warm(api, `/tags/${tagSlug}`);
  await transition(onB, "Publish", /published/);
  timings.push(
    `publish@B /tags/${tagSlug} ${await within(api, `/tags/${tagSlug}`, (s, t) => s === 200 && t.includes(otherSlug))} ms`,
  );
  timings.push(`publish@B / ${await within(api, "/", (_s, t) => t.includes(otherSlug))} ms`);

  await warm(api, `/stories/${otherSlug}`);
  await onA.goto(`/desk/stories/${otherId}`);
  onA.once("dialog", (d) => void d.accept());
  await onA.getByRole("button", { name: "Kill", exact: true }).click();
  await expect(onA.getByText(/^killed$/i).first()).toBeVisible();
  timings.push(`kill@A /stories/${otherSlug} ${await within(api, `/stories/${otherSlug}`, (s) => s === 410)} ms`);
  for (const url of lists) timings.push(`kill@A ${url} ${await within(api, url, (_s, t) => !t.includes(otherSlug))} ms`);

  // Kill on B.
  await onB.goto(`/desk/stories/${id}`);
  onB.once("dialog", (d) => void d.accept());
  await onB.getByRole("button", { name: "Kill", exact: true }).click();
  await expect(onB.getByText(/^killed$/i).first()).toBeVisible();
  timings.push(`kill@B /stories/${slug} ${await within(api, `/stories/${slug}`, (s) => s === 410)} ms`);

  // A section change on B: every page's masthead, through Varnish, within 1 s; then undone on A.
  const article = `/stories/${slug}`;
  await warm(api, "/");
  expect(sectionsNav(await (await api.get("/")).text())).not.toContain(`/tags/${tagSlug}"`);
  await onB.goto(`/desk/tags?q=${encodeURIComponent(tag)}`);
  const rowB = onB.getByRole("row").filter({ has: onB.getByRole("textbox", { name: `Name of ${tag}`, exact: true }) });
  await rowB.getByLabel(new RegExp(`Position of ${tag} in the site's sections`)).fill("2");
  await rowB.getByRole("button", { name: "Set" }).click();
  await expect(rowB.getByLabel(new RegExp(`Position of ${tag}`))).toHaveValue("2");
  for (const url of ["/", article]) {
    timings.push(`section@B ${url} ${await within(api, url, (_s, t) => sectionsNav(t).includes(`/tags/${tagSlug}"`))} ms`);
  }
  await onA.goto(`/desk/tags?q=${encodeURIComponent(tag)}`);
  const rowA = onA.getByRole("row").filter({ has: onA.getByRole("textbox", { name: `Name of ${tag}`, exact: true }) });
  await rowA.getByLabel(new RegExp(`Position of ${tag} in the site's sections`)).fill("");
  await rowA.getByRole("button", { name: "Set" }).click();
  timings.push(`section@A / ${await within(api, "/", (_s, t) => !sectionsNav(t).includes(`/tags/${tagSlug}"`))} ms`);
  console.log(`fresh through Varnish after:\n  ${timings.join("\n  ")}`);

  await onA.context().close();
  await onB.context().close();
  await api.dispose();
});

test("drafts and signed-in pages never enter Varnish", async ({ browser }) => {
  const editor = await editorOn(browser, A);
  const headline = unique("Draft about tides");
  const id = await newStory(editor, headline, unique("Tides"));
  const staff = editor.context().request;
  // The draft's preview, signed in, through Varnish: passed every time, never stored.
  for (let i = 0; i < 2; i++) {
    const res = await staff.get(`${base(V)}/desk/stories/${id}/preview`);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain(headline);
    expect(res.headers()["x-front-cache"]).toBe("PASS");
    expect(res.headers()["x-varnish"]).toMatch(/^\d+$/);
    expect(res.headers()["age"] ?? "0").toBe("0");
    expect(res.headers()["cache-control"]).toBe("private, no-store");
  }
  // The draft is nowhere on the public site.
  const api = await reader();
  const pub = await api.get(`/stories/${slugOf(headline)}`);
  expect(pub.status()).toBe(404);
  expect(await pub.text()).not.toContain(headline);

  // A public page first asked for by a signed-in editor: passed, and what the editor got
  // (Next's page, with its scripts) is not what the next reader gets.
  await transition(editor, "Publish", /published/);
  const url = `/stories/${slugOf(headline)}`;
  const staffRes = await staff.get(`${base(V)}${url}`);
  expect(staffRes.headers()["x-front-cache"]).toBe("PASS");
  expect(staffRes.headers()["xkey"]).toBeUndefined();
  const first = await api.get(url);
  expect(first.headers()["x-front-cache"]).toBe("MISS");
  const second = await api.get(url);
  expect(second.headers()["x-front-cache"]).toBe("HIT");
  expect(second.headers()["x-varnish"]).toMatch(/^\d+ \d+$/);
  // Keys and the surrogate lifetime are for Varnish only.
  expect(second.headers()["xkey"]).toBeUndefined();
  expect(second.headers()["surrogate-control"]).toBeUndefined();
  await editor.context().close();
  await api.dispose();
});

test("a reader's cookie never reaches a cached page", async () => {
  const secret = `reader-${Date.now()}`;
  const url = `/search?q=${encodeURIComponent(secret)}`;
  const withCookie = await playwrightRequest.newContext({
    baseURL: base(V),
    extraHTTPHeaders: { cookie: `reader_id=${secret}; theme=dark; next-auth.callback-url=%2Fdesk` },
  });
  const first = await withCookie.get("/");
  expect(first.headers()["set-cookie"]).toBeUndefined();
  const bodyFirst = await first.text();
  expect(bodyFirst).not.toContain(secret);
  const other = await reader();
  const again = await other.get("/");
  expect(again.headers()["x-front-cache"]).toBe("HIT"); // one copy for every reader, cookies or not
  expect(await again.text()).toBe(bodyFirst);
  // A reader's search is cached too, without their cookie and for anyone.
  await withCookie.get(url);
  const searched = await other.get(url);
  expect(searched.headers()["x-front-cache"]).toBe("HIT");
  expect(searched.headers()["set-cookie"]).toBeUndefined();
  // And the app never even saw it: Varnish sent no request with the reader's cookie.
  const sent = varnish!.backendRequestHeaders();
  expect(sent.some((h) => /^surrogate-capability:/i.test(h))).toBe(true); // the log is read
  expect(sent.filter((h) => h.includes(secret))).toEqual([]);
  await withCookie.dispose();
  await other.dispose();
});
