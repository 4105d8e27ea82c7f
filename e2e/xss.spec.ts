import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { BAD_HTML } from "../test/bad-html";
import { FIXTURE_DIR, loginAs } from "./fixtures";
import { actionRef, BASE, callAction } from "./http-helpers";

/**
 * Every HTML bad input of SECURITY.md, entered through wire import and through the
 * editor, rendered on the desk wire view, the desk story page, the desk preview and the
 * public site. Each payload would set window.__xss; it must stay unset. CSP violations are
 * collected too: a blocked inline script means the sanitizer let something through that
 * only the CSP stopped, so we want none at all. Every href on those pages is scanned and
 * every link in the article body is clicked: none may be javascript:, data: or vbscript:.
 *
 * The editor half stores hostile content for real (issue #11 §4): the crafted saves are
 * VALID documents (hostile text, hostile link marks the schema normalises, hostile
 * headline/standfirst/byline/dateline/tag names), so the renderers are tested on what a
 * reporter can actually store, not only on what the schema refuses.
 *
 * Checked by breaking it. Links have three walls: normalizeLinkHref (lib/editor/extensions.ts;
 * used by doc-schema, by the Link extension's isAllowedUri in the browser editor and in the
 * server renderer), and the sanitizer's allowedSchemes (lib/html/sanitize.ts). Making
 * normalizeLinkHref return any string fails the import-route and editor tests on the desk
 * wire view and desk story page. Opening only the sanitizer's schemes (plus
 * allowProtocolRelative) passes: every page renders links from documents that went through
 * normalizeLinkHref, so that wall alone is not observable here (lib/html/sanitize.test.ts covers it).
 * Both removed, with the scan's expects made soft: every desk, preview and public page
 * is flagged, and clicking the body links raises CSP violations on the preview and the
 * public page.
 */
const PAYLOADS = BAD_HTML.map((html) => html.replaceAll("alert(1)", "window.__xss=1").replaceAll("msgbox(1)", "window.__xss=1"));

type Violation = { directive: string; disposition: string; sample: string };

async function watch(page: Page) {
  const violations: Violation[] = [];
  await page.exposeFunction("__reportViolation", (v: Violation) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportViolation(v: unknown): void }).__reportViolation({
        directive: e.effectiveDirective,
        disposition: e.disposition,
        sample: e.sample,
      });
    });
  });
  // Nothing outside this site is reachable from the test machine; a link that gets
  // followed anyway lands on an empty page instead of a network error.
  await page.route(
    (url) => url.origin !== BASE,
    (route) => route.fulfill({ status: 204, body: "" }),
  );
  return violations;
}

/**
 * The sentinel must stay unset, and the CSP must have been enforcing whenever it saw
 * anything (a violation in "report" disposition would have let the script run).
 * Rendered pages must cause no violation at all: the sanitizer alone stops every payload,
 * the CSP is the second wall. The one exception is the moment of a paste: ProseMirror
 * parses pasted HTML in an inert document (createHTMLDocument), where Chromium still
 * fetches <img src> and reports the onerror handler it will never run there (checked by
 * hand: without any CSP such a handler does not run either), and a <base href> there
 * trips base-uri without affecting the page.
 */
async function assertNoScriptRan(page: Page, where: string, violations: Violation[], opts: { pasteParse?: boolean } = {}) {
  // Give onerror/onload/autofocus handlers a moment, and poke the elements a reader would.
  await page.waitForLoadState("load");
  await page.mouse.move(200, 300);
  await page.keyboard.press("Tab");
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), where).toBeUndefined();
  expect(await page.evaluate(() => window.location.href.startsWith("http")), `${where}: DOM clobbering`).toBe(true);
  const seen = violations.splice(0);
  expect(
    seen.filter((v) => v.disposition !== "enforce"),
    where,
  ).toEqual([]);
  const unexpected = opts.pasteParse ? seen.filter((v) => !["script-src-attr", "base-uri"].includes(v.directive)) : seen;
  expect(unexpected, where).toEqual([]);
}

const HOSTILE_SCHEME = /^(javascript|vbscript|data):/;
const SAFE_PROTOCOLS = ["http:", "https:", "mailto:"];

/** What a browser makes of an attribute before it looks at the scheme: controls, spaces and case do not matter. */
function schemeView(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g, "").toLowerCase();
}

/**
 * Every element with a URL attribute on the page: the raw attribute must not name a script
 * or data scheme, and a link's resolved URL must be http(s) or mailto.
 */
async function assertNoHostileUrls(page: Page, where: string) {
  const found = await page.locator("[href], [src], [action], [formaction], [srcdoc], [xlink\\:href]").evaluateAll((els) =>
    els.flatMap((el) =>
      ["href", "src", "action", "formaction", "srcdoc", "xlink:href"]
        .filter((name) => el.hasAttribute(name))
        .map((name) => ({
          tag: el.tagName.toLowerCase(),
          name,
          value: el.getAttribute(name) ?? "",
          resolved: name === "href" && "href" in el ? String((el as HTMLAnchorElement).href) : "",
        })),
    ),
  );
  expect(found.length, `${where}: no URL attribute at all?`).toBeGreaterThan(0);
  for (const f of found) {
    const label = `${where}: <${f.tag} ${f.name}="${f.value}">`;
    expect(f.name, label).not.toBe("srcdoc");
    expect(schemeView(f.value), label).not.toMatch(HOSTILE_SCHEME);
    if ((f.tag === "a" || f.tag === "area") && f.name === "href") {
      expect(SAFE_PROTOCOLS, label).toContain(new URL(f.resolved).protocol);
    }
  }
}

/**
 * Clicks every link in `scope` like a reader. Safe links (http, https, mailto) are kept
 * from navigating by a capture listener; anything else is left to the browser, so a
 * javascript: link would run (setting window.__xss) or be blocked by the CSP (a violation):
 * either fails assertNoScriptRan.
 */
async function clickEveryLink(page: Page, scope: Locator, where: string, violations: Violation[]) {
  await page.evaluate(() => {
    document.addEventListener(
      "click",
      (e) => {
        const a = (e.target as Element | null)?.closest?.("a");
        if (a && /^(https?|mailto):$/.test(new URL(a.href, location.href).protocol)) e.preventDefault();
      },
      true,
    );
  });
  const url = page.url();
  const links = scope.locator("a");
  const count = await links.count();
  for (let i = 0; i < count; i++) {
    const link = links.nth(i);
    await link.click({ timeout: 2_000 }).catch(() => link.evaluate((a) => (a as HTMLAnchorElement).click()));
  }
  await page.waitForTimeout(300);
  expect(page.url(), `${where}: a link navigated`).toBe(url);
  await assertNoScriptRan(page, `${where} after clicking ${count} links`, violations);
  return count;
}

async function assertPageSafe(page: Page, where: string, violations: Violation[], body?: Locator) {
  await assertNoScriptRan(page, where, violations);
  await assertNoHostileUrls(page, where);
  return body ? clickEveryLink(page, body, where, violations) : 0;
}

function ninjsWithPayloads(tag: string): Buffer {
  const body = PAYLOADS.map((p, i) => `<p>Safe paragraph ${i} ${tag}.</p>${p}`).join("\n");
  return Buffer.from(
    JSON.stringify({
      uri: `https://wire.example/xss/${tag}`,
      type: "text",
      version: "1",
      versioncreated: new Date().toISOString(),
      pubstatus: "usable",
      language: "en",
      headline: `XSS corpus ${tag} <img src=x onerror="window.__xss=1"> "quotes" & <b>angles</b>`,
      byline: `Mallory <svg onload="window.__xss=1"> ${tag}`,
      body_html: body,
      copyrightnotice: "Copyright test",
    }),
  );
}

/** The public article, the desk preview and the desk story page of a published story. */
const articleBody = (page: Page) => page.locator("article");
const previewBody = (page: Page) => page.getByTestId("story-preview").locator("article");

async function publishAndScan(page: Page, storyId: string, violations: Violation[]) {
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Status:/ })).toHaveText("Status: published");
  await page.reload();
  await assertPageSafe(page, "desk story page (published)", violations);
  await page.goto(`/desk/stories/${storyId}/preview`);
  await assertPageSafe(page, "desk preview", violations, previewBody(page));
  await page.goto(`/desk/stories/${storyId}`);
  const href = await page.getByRole("link", { name: "View on site" }).getAttribute("href");
  await page.goto(href!);
  await expect(page.locator("article, main").first()).toBeVisible();
  await assertPageSafe(page, `public story ${href}`, violations, articleBody(page));
  return href!;
}

async function publishFromWire(page: Page, itemHref: string, violations: Violation[]) {
  await page.goto(itemHref);
  await assertPageSafe(page, `desk wire view ${itemHref}`, violations);
  await page.getByRole("button", { name: /Create story from v1/ }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  await assertPageSafe(page, "desk story page", violations);
  return publishAndScan(page, page.url().split("/").pop()!, violations);
}

test("bad HTML through wire import: desk wire view, desk story page, preview and public page", async ({ page }) => {
  test.setTimeout(240_000);
  const violations = await watch(page);
  await loginAs(page, "editor", "/desk/wire");
  const tag = randomUUID().slice(0, 8);
  await page.getByLabel("Agency files").setInputFiles([
    { name: `xss-${tag}.json`, mimeType: "application/json", buffer: ninjsWithPayloads(tag) },
    {
      name: "nitf-script-img-onerror.xml",
      mimeType: "application/xml",
      buffer: readFileSync(`${FIXTURE_DIR}bad/nitf-script-img-onerror.xml`),
    },
  ]);
  await page.getByRole("button", { name: "Import" }).click();
  const report = page.getByTestId("import-report");
  await expect(report).toContainText(`xss-${tag}.json`);
  await expect(report).toContainText("nitf-script-img-onerror.xml");
  await assertNoScriptRan(page, "import report", violations);
  const links = await report.getByRole("link").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href")!));
  expect(links.length).toBeGreaterThanOrEqual(2);
  for (const href of links) {
    const publicHref = await publishFromWire(page, href, violations);
    // The escaped text is shown as text, not markup.
    if (publicHref.includes("xss-corpus")) await expect(page.getByText(`Safe paragraph 0 ${tag}.`)).toBeVisible();
  }
  await page.goto("/");
  await assertNoScriptRan(page, "home page", violations);
});

/** Hrefs no story may link to, each with its own link text. Browsers run every one of them as written. */
const HOSTILE_HREFS: readonly string[] = [
  "javascript:window.__xss=1",
  "JaVaScRiPt:window.__xss=1",
  "&#106;avascript:window.__xss=1",
  "&#x6A;avascript&#x3A;window.__xss=1",
  "java&#x09;script:window.__xss=1",
  "java\tscript:window.__xss=1",
  "java\nscript:window.__xss=1",
  "   javascript:window.__xss=1",
  "\u0001\u0008\u001f javascript:window.__xss=1",
  "\u200b\ufeffjavascript:window.__xss=1",
  "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==",
  " DaTa:text/html,<script>window.__xss=1</script>",
  "vbscript:msgbox(1)",
  "VBScript:msgbox(1)",
  "//evil.example/",
];

test("hostile links and HTML through the import route: stored, published, every href safe", async ({ page }) => {
  test.setTimeout(180_000);
  const violations = await watch(page);
  await loginAs(page, "editor", "/desk/wire");
  const tag = randomUUID().slice(0, 8);
  const escape = (s: string) => s.replace(/&(?!#)/g, "&amp;").replace(/"/g, "&quot;");
  const bodyHtml = [
    `<p>Wire links ${tag}: <a href="https://ok.example/wire?x=&quot;&gt;&lt;svg onload=window.__xss=1&gt;" title="&quot;&gt;&lt;img src=x onerror=window.__xss=1&gt;">safe wire link</a>.</p>`,
    ...HOSTILE_HREFS.map((h, i) => `<p>Before <a href="${escape(h)}" onclick="window.__xss=1">wire hostile ${i}</a> after.</p>`),
    `<p><a href="javascript:window.__xss=1"><img src=x onerror="window.__xss=1">image link</a> "><svg onload="window.__xss=1"> <script>window.__xss=1</script></p>`,
  ].join("\n");
  const file = Buffer.from(
    JSON.stringify({
      uri: `https://wire.example/xss-links/${tag}`,
      type: "text",
      version: "1",
      versioncreated: new Date().toISOString(),
      pubstatus: "usable",
      language: "en",
      headline: `Wire links ${tag} "><svg onload="window.__xss=1">`,
      byline: `<a href="javascript:window.__xss=1">Mallory</a>`,
      body_html: bodyHtml,
    }),
  );
  const res = await page.request.post("/api/desk/wire/import", {
    headers: { Origin: BASE },
    multipart: { files: { name: `xss-links-${tag}.json`, mimeType: "application/json", buffer: file } },
  });
  expect(res.status()).toBe(200);
  const { reports } = (await res.json()) as { reports: { file: string; outcomes: { status: string; itemId?: string }[] }[] };
  const itemId = reports[0]?.outcomes[0]?.itemId;
  expect(itemId, JSON.stringify(reports)).toBeTruthy();

  const publicHref = await publishFromWire(page, `/desk/wire/${itemId}`, violations);
  // Stored and published: the text of every hostile link, without the link; the safe link with the renderer's rel.
  const article = articleBody(page);
  for (let i = 0; i < HOSTILE_HREFS.length; i++) {
    await expect(article, publicHref).toContainText(`Before wire hostile ${i} after.`);
    await expect(article.locator("a", { hasText: `wire hostile ${i}` }), publicHref).toHaveCount(0);
  }
  const safe = article.getByRole("link", { name: "safe wire link" });
  await expect(safe).toHaveAttribute("href", /^https:\/\/ok\.example\/wire\?x=/);
  await expect(safe).toHaveAttribute("rel", "noopener noreferrer nofollow");
});

test("bad HTML through the editor: pasted HTML and crafted saves that store hostile content", async ({ page }) => {
  test.setTimeout(240_000);
  const violations = await watch(page);
  await loginAs(page, "editor", "/desk/stories");
  await page
    .getByLabel("Headline for a new story")
    .fill(`Pasted <img src=x onerror="window.__xss=1"> ${randomUUID().slice(0, 6)}`);
  await page.getByRole("button", { name: "New story" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  const storyId = page.url().split("/").pop()!;

  // Paste every payload as text/html into the editor, the way a browser paste arrives.
  const editor = page.getByTestId("story-body-editor");
  await editor.click();
  await page.keyboard.press("Control+End");
  for (const html of PAYLOADS) {
    await editor.evaluate((el, h) => {
      const dt = new DataTransfer();
      dt.setData("text/html", h);
      dt.setData("text/plain", "fallback");
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    }, html);
  }
  await assertNoScriptRan(page, "editor after paste", violations, { pasteParse: true });
  // What the editor made of the pastes is a valid document: it is stored (issue #12: pasted
  // links used to make every save fail).
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("story-message")).toHaveText("Saved");
  await page.reload();
  await assertPageSafe(page, "desk story page after pasted save", violations);
  await expect(page.getByTestId("story-body-editor").locator("a", { hasText: "ok link" })).toHaveAttribute(
    "href",
    "https://ok.example/",
  );

  // Crafted saves straight to the server action, as an attacker with a reporter's account
  // would send them. The first is a valid document full of hostile content: it is stored.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const save = actionRef("app/desk/stories/actions.ts", "saveStoryAction");
  const versionNow = async () => Number(/version (\d+)/.exec(await page.locator("main").innerText())?.[1] ?? "NaN");
  const send = async (input: Record<string, unknown>) =>
    callAction(page.request, save, [storyId, input], { headers: { Cookie: cookie, Origin: BASE } });

  const headline = `Crafted <script>window.__xss=1</script> "><svg onload="window.__xss=1"> ${randomUUID().slice(0, 6)}`;
  const fields = {
    headline,
    standfirst: `<img src=x onerror="window.__xss=1"> '><iframe srcdoc="<script>window.__xss=1</script>">`,
    byline: `"><svg onload="window.__xss=1"> <a href="javascript:window.__xss=1">Mallory</a>`,
    datelinePlace: `<img src=x onerror=window.__xss=1>`,
    tags: [
      { kind: "KEYWORD", name: `<img src=x onerror="window.__xss=1"> ${storyId.slice(-4)}` },
      { kind: "PERSON", name: `"><svg onload="window.__xss=1"> ${storyId.slice(-4)}` },
      { kind: "PLACE", name: `javascript:window.__xss=1 ${storyId.slice(-4)}` },
    ],
  };
  const HOSTILE_TEXT = [
    `<script>window.__xss=1</script>`,
    `<img src=x onerror="window.__xss=1">`,
    `"><svg onload="window.__xss=1">`,
    `</p><script>window.__xss=1</script><p>`,
    `javascript:window.__xss=1`,
  ];
  const text = (t: string, marks?: unknown[]) => (marks ? { type: "text", text: t, marks } : { type: "text", text: t });
  const para = (...content: unknown[]) => ({ type: "paragraph", content });
  const link = (href: string, extra: Record<string, unknown> = {}) => ({ type: "link", attrs: { href, ...extra } });
  const SAFE_LINKS = [
    { text: "safe quoted", href: `https://ok.example/safe?q="><img src=x onerror=window.__xss=1>` },
    { text: "safe upper", href: "HTTPS://OK.EXAMPLE/UPPER" },
    { text: "safe mailto", href: "mailto:desk@example.com?subject=<script>window.__xss=1</script>" },
  ];
  const body = {
    type: "doc",
    content: [
      {
        type: "heading",
        attrs: { level: 2 },
        content: [text(`Heading <script>window.__xss=1</script>`, [{ type: "bold" }])],
      },
      para(text(PAYLOADS.join(" "))),
      ...HOSTILE_TEXT.map((t) => para(text(t, [{ type: "italic" }]))),
      {
        type: "bulletList",
        content: [{ type: "listItem", content: [para(text(`<img src=x onerror="window.__xss=1"> in a list`))] }],
      },
      { type: "blockquote", content: [para(text(`"><svg onload="window.__xss=1"> in a quote`))] },
      // Link marks the schema accepts and normalises: the hostile hrefs lose the link, the text stays.
      ...HOSTILE_HREFS.map((h, i) =>
        para(
          text("Before "),
          text(`editor hostile ${i}`, [
            link(h, {
              title: `"><img src=x onerror="window.__xss=1">`,
              target: "_self",
              rel: "opener",
              class: `x" onclick="window.__xss=1`,
            }),
          ]),
          text(" after."),
        ),
      ),
      ...SAFE_LINKS.map((l) =>
        para(text(l.text, [link(l.href, { title: `"><svg onload="window.__xss=1">`, target: "_blank", rel: "opener" })])),
      ),
    ],
  };
  const stored = await send({ ...fields, body, baseVersion: await versionNow() });
  expect(stored.code, stored.body.slice(0, 500)).toBe("OK");

  // It is stored exactly as text: the desk shows every hostile string as typed.
  await page.reload();
  const storedVersion = await versionNow();
  await expect(page.getByLabel("Headline", { exact: true })).toHaveValue(headline);
  await expect(page.getByLabel("Standfirst")).toHaveValue(fields.standfirst);
  await expect(page.getByLabel("Byline")).toHaveValue(fields.byline);
  await expect(page.getByLabel("Dateline")).toHaveValue(fields.datelinePlace);
  for (const t of fields.tags) await expect(page.getByText(t.name).first()).toBeVisible();
  const stored1 = page.getByTestId("story-body-editor");
  for (const t of HOSTILE_TEXT) await expect(stored1.getByText(t, { exact: true }).first()).toBeVisible();
  for (let i = 0; i < HOSTILE_HREFS.length; i++) {
    // The link is gone, its text stays (merged with the text around it).
    await expect(stored1).toContainText(`Before editor hostile ${i} after.`);
    await expect(stored1.locator("a", { hasText: `editor hostile ${i}` })).toHaveCount(0);
  }
  for (const l of SAFE_LINKS) await expect(stored1.locator("a", { hasText: l.text })).toHaveCount(1);
  await assertPageSafe(page, "desk story page after crafted save", violations);

  // What the schema rightly refuses is refused with a specific reason, and changes nothing.
  const refusals: { why: string; body: unknown; message: RegExp }[] = [
    {
      why: "a node type the editor does not have",
      body: { type: "doc", content: [para(text("ok")), { type: "rawHtml", attrs: { html: "<script>window.__xss=1</script>" } }] },
      message: /Unsupported node type \\?"rawHtml\\?"/,
    },
    {
      why: "an image node with a javascript: src",
      body: { type: "doc", content: [para({ type: "image", attrs: { src: "javascript:window.__xss=1" } })] },
      message: /Unsupported node type \\?"image\\?"/,
    },
    {
      why: "an event handler among a link's attributes",
      body: { type: "doc", content: [para(text("x", [link("https://ok.example/", { onclick: "window.__xss=1" })]))] },
      message: /Unrecognized key.*onclick/,
    },
    {
      why: "a mark the editor does not have",
      body: {
        type: "doc",
        content: [para(text("x", [{ type: "textStyle", attrs: { style: "background:url(javascript:1)" } }]))],
      },
      message: /Unsupported mark type \\?"textStyle\\?"/,
    },
  ];
  for (const r of refusals) {
    const refused = await send({ ...fields, headline: "Refused", body: r.body, baseVersion: storedVersion });
    expect(refused.code, r.why).toBe("VALIDATION");
    expect(refused.body, r.why).toMatch(r.message);
  }
  await page.reload();
  expect(await versionNow()).toBe(storedVersion);
  await expect(page.getByLabel("Headline", { exact: true })).toHaveValue(headline);

  // Published: the public page and the preview show the hostile strings as text, links are safe.
  const publicHref = await publishAndScan(page, storyId, violations);
  const article = articleBody(page);
  await expect(article.getByRole("heading", { level: 1 })).toHaveText(headline);
  await expect(article.getByText(fields.standfirst, { exact: true })).toBeVisible();
  for (const t of HOSTILE_TEXT) await expect(article.getByText(t, { exact: true }).first(), publicHref).toBeVisible();
  for (let i = 0; i < HOSTILE_HREFS.length; i++) {
    await expect(article).toContainText(`Before editor hostile ${i} after.`);
    await expect(article.locator("a", { hasText: `editor hostile ${i}` })).toHaveCount(0);
  }
  for (const l of SAFE_LINKS) {
    const a = article.getByRole("link", { name: l.text, exact: true });
    await expect(a).toHaveAttribute("rel", "noopener noreferrer nofollow");
    expect(await a.getAttribute("target")).toBeNull();
  }
  for (const t of fields.tags) await expect(article.getByRole("link", { name: t.name }).first()).toBeVisible();
});
