import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { BAD_HTML } from "../test/bad-html";
import { FIXTURE_DIR, loginAs } from "./fixtures";
import { actionRef, BASE, callAction } from "./http-helpers";

/**
 * Every HTML bad input of SECURITY.md, entered through wire import and through the
 * editor, rendered on the desk wire view, the desk story page and the public site. Each
 * payload would set window.__xss; it must stay unset. CSP violations are collected too:
 * a blocked inline script means the sanitizer let something through that only the CSP
 * stopped, so we want none at all.
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

async function publishFromWire(page: Page, itemHref: string, violations: Violation[]) {
  await page.goto(itemHref);
  await assertNoScriptRan(page, `desk wire view ${itemHref}`, violations);
  await page.getByRole("button", { name: /Create story from v1/ }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  await assertNoScriptRan(page, "desk story page", violations);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Status:/ })).toHaveText("Status: published");
  await page.reload();
  const href = await page.getByRole("link", { name: "View on site" }).getAttribute("href");
  await page.goto(href!);
  await expect(page.locator("article, main").first()).toBeVisible();
  await assertNoScriptRan(page, `public story ${href}`, violations);
  return href!;
}

test("bad HTML through wire import: desk wire view, desk story page and public page", async ({ page }) => {
  test.setTimeout(180_000);
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

test("bad HTML through the editor: pasted HTML and a crafted server-action payload", async ({ page }) => {
  test.setTimeout(180_000);
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
  await page.getByRole("button", { name: "Save", exact: true }).click();
  // Either stored (sanitized) or refused by the document schema; never stored as given.
  // (Today some pasted payloads make the editor produce a mark whose attrs the schema
  // refuses: the save is rejected, which is safe; the crafted save below stores content.)
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: /^(Saved|Story body is not valid)/ })
      .first(),
  ).toBeVisible();
  await page.reload();
  await assertNoScriptRan(page, "desk story page after save", violations);

  // A crafted save straight to the server action: raw HTML in text, a javascript: link
  // mark and a node type the schema does not know. Either refused or stored harmless.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const version = Number(/version (\d+)/.exec(await page.locator("main").innerText())?.[1] ?? "1");
  const crafted = await callAction(
    page.request,
    actionRef("app/desk/stories/actions.ts", "saveStoryAction"),
    [
      storyId,
      {
        baseVersion: version,
        headline: `Crafted <script>window.__xss=1</script>`,
        standfirst: `<img src=x onerror="window.__xss=1">`,
        byline: `<svg onload="window.__xss=1">`,
        datelinePlace: "",
        tags: [{ kind: "KEYWORD", name: `<img src=x onerror="window.__xss=1">` }],
        body: {
          type: "doc",
          content: [
            { type: "paragraph", content: [{ type: "text", text: PAYLOADS.join(" ") }] },
            {
              type: "paragraph",
              content: [{ type: "text", text: "click", marks: [{ type: "link", attrs: { href: "javascript:window.__xss=1" } }] }],
            },
            {
              type: "paragraph",
              content: [{ type: "text", text: "tab", marks: [{ type: "link", attrs: { href: "java\tscript:window.__xss=1" } }] }],
            },
            { type: "rawHtml", attrs: { html: "<script>window.__xss=1</script>" } },
          ],
        },
      },
    ],
    { headers: { Cookie: cookie, Origin: BASE } },
  );
  expect(["OK", "VALIDATION"]).toContain(crafted.code);
  await page.reload();
  await assertNoScriptRan(page, "desk story page after crafted save", violations);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Status:/ })).toHaveText("Status: published");
  await page.reload();
  const href = await page.getByRole("link", { name: "View on site" }).getAttribute("href");
  await page.goto(href!);
  await assertNoScriptRan(page, "public story after editor paste", violations);
  const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  for (const h of hrefs) expect(h.replace(/[\s\u0000-\u001f]/g, "").toLowerCase(), h).not.toMatch(/^(javascript|vbscript|data):/);
});
