import { randomUUID } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { loginAs } from "./fixtures";

/**
 * Issue #12 item 2: a story with a link could not be saved from the editor. ProseMirror
 * keeps mark attributes in null-prototype objects; React's server-action encoder sends
 * those as temporary references, so the server saw a function where the link's attrs
 * should be ("expected object, received function at …marks[0].attrs"). Links made every
 * way the editor offers (the link button with a typed URL, pasted HTML, a pasted bare URL,
 * a URL typed and autolinked) must save, come back after a reload, and be published with
 * the renderer's href and rel.
 */

const TYPED = "https://example.org/typed-link?a=1&b=2";
const PASTED_HTML = "https://example.net/pasted-html";
const PASTED_BARE = "https://example.com/pasted-bare-url";
const AUTOLINKED = "https://example.com/typed-autolink";
const EXPECTED = [TYPED, PASTED_HTML, PASTED_BARE, AUTOLINKED];
// The renderer's rel for every link (lib/editor/extensions.ts LINK_REL, and the sanitizer).
const REL = "noopener noreferrer nofollow";

async function paste(editor: Locator, data: Record<string, string>) {
  await editor.evaluate((el, d) => {
    const dt = new DataTransfer();
    for (const [type, value] of Object.entries(d)) dt.setData(type, value);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
  }, data);
}

async function hrefsIn(scope: Locator) {
  return scope.locator("a[href]").evaluateAll((as) =>
    as.map((a) => ({
      href: a.getAttribute("href"),
      rel: a.getAttribute("rel"),
      target: a.getAttribute("target"),
      text: a.textContent,
    })),
  );
}

async function newStory(page: Page, headline: string) {
  await loginAs(page, "editor", "/desk/stories");
  await page.getByLabel("Headline for a new story").fill(headline);
  await page.getByRole("button", { name: "New story" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
}

test("links made in the editor save, reload and publish with the renderer's href and rel", async ({ page }) => {
  test.setTimeout(120_000);
  const headline = `Links ${randomUUID().slice(0, 8)}`;
  await newStory(page, headline);
  const editor = page.getByTestId("story-body-editor");
  await editor.click();

  // 1. The link button with a typed URL, on a selected word.
  await page.keyboard.type("Read the report");
  for (let i = 0; i < "report".length; i++) await page.keyboard.press("Shift+ArrowLeft");
  page.once("dialog", (dialog) => void dialog.accept(TYPED));
  await page.getByRole("button", { name: "Link", exact: true }).click();
  await expect(editor.locator(`a[href="${TYPED}"]`)).toHaveText("report");

  // 2. Pasted HTML with an <a href>, as a browser paste from another page arrives. Focus goes
  // back to the text first: after the link prompt closes, an End that reached nothing and an
  // Enter that reached the editor would replace the still-selected word.
  await editor.getByText("Read the").click();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await paste(editor, {
    "text/html": `<meta charset="utf-8"><p>See <a href="${PASTED_HTML}" target="_blank" class="x">the pasted source</a> here.</p>`,
    "text/plain": "See the pasted source here.",
  });
  await expect(editor.locator(`a[href="${PASTED_HTML}"]`)).toHaveText("the pasted source");

  // 3. A pasted bare URL (plain text only): the Link extension's paste rule links it.
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Source: ");
  await paste(editor, { "text/plain": PASTED_BARE });
  await expect(editor.locator(`a[href="${PASTED_BARE}"]`)).toHaveText(PASTED_BARE);

  // 4. A URL typed and followed by a space: autolink.
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type(`Also ${AUTOLINKED} today`);
  await expect(editor.locator(`a[href="${AUTOLINKED}"]`)).toHaveText(AUTOLINKED);

  for (const href of EXPECTED) await expect(editor.locator(`a[href="${href}"]`)).toHaveCount(1);
  // Save: before the fix this said "Story body is not valid: … received function at …attrs".
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const message = page.getByTestId("story-message");
  await expect(message).toHaveText("Saved");

  // Reload: the links come back from the server into the editor.
  await page.reload();
  const reloaded = page.getByTestId("story-body-editor");
  for (const href of EXPECTED) await expect(reloaded.locator(`a[href="${href}"]`)).toHaveCount(1);

  // Autosave sends the same document through another server action: it must be accepted too.
  await reloaded.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(" More.");
  await expect(page.getByTestId("autosave-status")).toHaveText(/^Autosaved /, { timeout: 15_000 });

  // Publish (saves the unsaved edit first), then read the links on the public page.
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Status:/ })).toHaveText("Status: published");
  await page.reload();
  const siteHref = await page.getByRole("link", { name: "View on site" }).getAttribute("href");
  expect(siteHref).toBeTruthy();
  await page.goto(siteHref!);
  const article = page.locator("article");
  await expect(article.getByRole("heading", { level: 1 })).toHaveText(headline);
  const links = (await hrefsIn(article)).filter((l) => l.href?.startsWith("https://example."));
  expect(links.map((l) => l.href).sort()).toEqual([...EXPECTED].sort());
  for (const link of links) {
    expect(link.rel, link.href!).toBe(REL);
    expect(link.target, link.href!).toBeNull();
  }
  await expect(article.getByRole("link", { name: "report" })).toHaveAttribute("href", TYPED);
  await expect(article.getByRole("link", { name: "the pasted source" })).toHaveAttribute("href", PASTED_HTML);
  await expect(article).toContainText("More.");
});
