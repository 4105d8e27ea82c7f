import { writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { loginAs, unique } from "./fixtures";

// Screenshots of the desk screens, for looking at what users see (not compared).
const SHOTS = process.env.DESK_SCREENSHOTS ?? "test-results/desk-screens";

async function newStory(page: Page, headline: string, text: string) {
  await page.goto("/desk/stories");
  await page.getByLabel("Headline for a new story").fill(headline);
  await page.getByRole("button", { name: "New story" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  await expect(page.getByTestId("lock-banner")).toContainText("You are editing");
  const body = page.getByTestId("story-body-editor");
  await body.click();
  await page.keyboard.type(text);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();
  // The page refreshes after a save and the form re-mounts at the new version; wait for it.
  await expect(page.getByText(/· version 2/)).toBeVisible();
  return page.url();
}

async function signedIn(browser: Browser, role: "editor" | "admin" | "reporter", url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, role, new URL(url).pathname);
  return page;
}

test("annotate → edit around it → reload: the note stays on its words and never reaches the public page", async ({ page }) => {
  await loginAs(page, "editor", "/desk/stories");
  const headline = unique("Budget vote");
  await newStory(page, headline, "The mayor confirmed the budget on Friday");
  // Select "on Friday" (two words back from the end) and attach a fact-check.
  await page.getByTestId("story-body-editor").click();
  await page.keyboard.press("End");
  await page.keyboard.press("Control+Shift+ArrowLeft");
  await page.keyboard.press("Control+Shift+ArrowLeft");
  await expect(page.getByText("On: ")).toContainText("on Friday");
  await page.getByLabel("Note kind").selectOption("FACT_CHECK");
  const secret = `Check the date with the council ${randomUUID().slice(0, 6)}`;
  await page.getByLabel("Note", { exact: true }).fill(secret);
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByTestId("annotation")).toContainText(secret);
  await expect(page.locator(".wd-annotation")).toHaveText("on Friday");

  // Edit before the note: the highlight moves with its words, and the save stores it.
  await page.getByTestId("story-body-editor").getByText("The mayor").click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.type("Late update: ");
  await expect(page.locator(".wd-annotation")).toHaveText("on Friday");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();
  // This save's own result (version 3), not the "Saved" of the one before.
  await expect(page.getByText(/· version 3/)).toBeVisible();
  await page.reload();
  await expect(page.locator(".wd-annotation")).toHaveText("on Friday");
  await page.screenshot({ path: `${SHOTS}/editor-notes.png`, fullPage: true });

  // Reply, resolve, reopen.
  await page.getByTestId("annotation").getByRole("button", { name: "Reply" }).click();
  await page.getByLabel("Reply", { exact: true }).fill("Council confirms Friday.");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByTestId("annotation")).toContainText("Council confirms Friday.");
  await page.getByTestId("annotation").getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByRole("button", { name: "Show 1 resolved" })).toBeVisible();
  await page.getByRole("button", { name: "Show 1 resolved" }).click();
  await page.getByTestId("annotation").getByRole("button", { name: "Reopen" }).click();
  await expect(page.getByText("(1 open)")).toBeVisible();

  // Publish; the public page never carries the note.
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Status: published" })).toBeVisible();
  const publicUrl = await page.getByRole("link", { name: "View on site" }).getAttribute("href");
  await page.context().clearCookies();
  const res = await page.request.get(publicUrl!);
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toContain("on Friday");
  expect(html).not.toContain(secret);
  expect(html).not.toContain("Council confirms Friday");
});

test("revisions: compare two side by side and restore one as a new revision", async ({ page }) => {
  await loginAs(page, "editor", "/desk/stories");
  const url = await newStory(page, unique("Bridge closure"), "The bridge closes on Monday.");
  const body = page.getByTestId("story-body-editor");
  await body.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("The bridge closes on Tuesday for repairs.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();

  await page.goto(`${url}/history`);
  await expect(page.getByTestId("revision")).toHaveCount(3);
  await page.getByTestId("revision").first().getByRole("link", { name: "Changes" }).click();
  const compare = page.getByTestId("compare");
  await expect(compare.locator("del")).toContainText(["Monday"]);
  await expect(compare.locator("ins").first()).toContainText("Tuesday");
  await page.screenshot({ path: `${SHOTS}/compare.png`, fullPage: true });

  await page.goto(`${url}/history`);
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("revision").nth(1).getByRole("button", { name: "Restore" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Restored revision/ })).toBeVisible();
  await expect(page.getByTestId("revision")).toHaveCount(4);
  await expect(page.getByTestId("revision").first()).toContainText("Restored");
  await page.goto(url);
  await expect(page.getByTestId("story-body-editor")).toHaveText("The bridge closes on Monday.");
});

test("a stale save is refused and both texts are shown; keeping mine saves it without losing theirs", async ({ page }) => {
  await loginAs(page, "editor", "/desk/stories");
  const url = await newStory(page, unique("Two tabs"), "First text.");
  // The same editor in a second tab (they hold the lock in both) saves first.
  const other = await page.context().newPage();
  await other.goto(url);
  await other.getByTestId("story-body-editor").click();
  await other.keyboard.press("Control+A");
  await other.keyboard.type("Text saved in the other tab.");
  await other.getByRole("button", { name: "Save", exact: true }).click();
  await expect(other.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();

  await page.getByTestId("story-body-editor").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("My stale text.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const panel = page.getByTestId("stale-save");
  await expect(panel).toContainText("Someone else saved this story");
  await expect(panel).toContainText("Text saved in the other tab.");
  await expect(panel).toContainText("My stale text.");
  await page.screenshot({ path: `${SHOTS}/stale-save.png`, fullPage: true });
  await expect(page.getByTestId("story-body-editor")).toHaveText("My stale text.");
  await panel.getByRole("button", { name: /Keep my text/ }).click();
  await expect(page.getByTestId("stale-save")).toHaveCount(0);
  await page.goto(`${url}/history`);
  await expect(page.getByTestId("revision").filter({ hasNotText: "Autosave" })).toHaveCount(4);
});

test("an editor takes over the edit lock; the holder's autosave becomes a revision", async ({ page, browser }) => {
  await loginAs(page, "reporter", "/desk/stories");
  const url = await newStory(page, unique("Reporter draft"), "Saved words.");
  await page.getByTestId("story-body-editor").click();
  await page.keyboard.press("End");
  await page.keyboard.type(" Unsaved words typed before lunch.");
  await expect(page.getByTestId("autosave-status")).toContainText("Autosaved", { timeout: 8_000 });

  const editor = await signedIn(browser, "editor", url);
  await expect(editor.getByTestId("lock-banner")).toContainText("is editing this story");
  await expect(editor.getByTestId("story-body-editor")).toHaveAttribute("contenteditable", "false");
  await editor.screenshot({ path: `${SHOTS}/locked.png` });
  editor.once("dialog", (d) => void d.accept());
  await editor.getByRole("button", { name: "Take over editing" }).click();
  await expect(editor.getByTestId("lock-banner")).toContainText(/kept as revision \d+/);
  await expect(editor.getByTestId("story-body-editor")).toHaveAttribute("contenteditable", "true");

  // The reporter's next save is refused, and their text stays in their editor.
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/is editing this story; your text was not saved/)).toBeVisible();
  await expect(page.getByTestId("story-body-editor")).toContainText("Unsaved words typed before lunch.");

  await editor.goto(`${url}/history`);
  await expect(editor.getByTestId("revision").first()).toContainText("Taken over");
});

test("a session that ends mid-edit keeps the text; after signing in again it is offered back", async ({ page }) => {
  await loginAs(page, "editor", "/desk/stories");
  const url = await newStory(page, unique("Session story"), "Saved part.");
  await page.context().clearCookies();
  await page.getByTestId("story-body-editor").click();
  await page.keyboard.press("End");
  await page.keyboard.type(" Words typed after the session ended.");
  await expect(page.getByTestId("autosave-status")).toContainText("kept in this browser", { timeout: 8_000 });
  await loginAs(page, "editor", new URL(url).pathname);
  // The draft was based on the version still on the server, so it comes back by itself.
  await expect(page.getByText("Your unsaved text was restored from this browser")).toBeVisible();
  await expect(page.getByTestId("story-body-editor")).toContainText("Words typed after the session ended.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("story-body-editor")).toContainText("Words typed after the session ended.");
  await expect(page.getByTestId("restore-offer")).toHaveCount(0);
});

test("an agency update is shown and merged three-way; a conflict is decided by the editor", async ({ page }) => {
  const uri = `https://wire.test.example/items/${randomUUID()}`;
  const file = (version: number, paras: string[]) => {
    const path = `/tmp/desk-e2e-${randomUUID()}-v${version}.json`;
    writeFileSync(
      path,
      JSON.stringify({
        uri,
        type: "text",
        version: String(version),
        versioncreated: `2026-11-27T10:0${version}:00Z`,
        pubstatus: "usable",
        language: "en",
        headline: "Council closes old bridge",
        body_html: paras.map((p) => `<p>${p}</p>`).join(""),
      }),
    );
    return path;
  };
  await loginAs(page, "editor", "/desk/wire");
  await page
    .getByLabel("Agency files")
    .setInputFiles(file(1, ["The council voted 10 to 5 to close the bridge.", "Repairs take two years.", "Drivers go east."]));
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByTestId("import-report").getByRole("link").first().click();
  await page.getByRole("button", { name: /Create story from v1/ }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  const storyUrl = page.url();
  // The desk edits the first and last paragraphs.
  const body = page.getByTestId("story-body-editor");
  await body.getByText("The council voted").click();
  await page.keyboard.press("Home");
  await page.keyboard.press("Control+ArrowRight");
  await page.keyboard.type(" city");
  await body.getByText("Drivers go east.").click();
  await page.keyboard.press("End");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(" through Oak Street.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Saved$/ })).toBeVisible();

  await page.goto(`${storyUrl}/original`);
  await expect(page.getByTestId("compare").locator("ins").first()).toContainText("city");

  await page.goto("/desk/wire");
  await page
    .getByLabel("Agency files")
    .setInputFiles(
      file(2, [
        "The council voted 11 to 4 to close the bridge.",
        "Repairs take two years.",
        "A ferry will run.",
        "Drivers go north.",
      ]),
    );
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("import-report")).toContainText(/updated/);

  await page.goto(storyUrl);
  await page.getByRole("link", { name: "Review the changes and merge" }).click();
  await expect(page.getByText("What the agency changed")).toBeVisible();
  await expect(page.getByTestId("merge-conflict")).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/merge.png`, fullPage: true });
  await page
    .getByTestId("merge-conflict")
    .getByLabel(/Keep the desk/)
    .check();
  await page.getByRole("button", { name: "Apply merge and save" }).click();
  await expect(page).toHaveURL(storyUrl);
  const merged = page.getByTestId("story-body-editor");
  await expect(merged).toContainText("The city council voted 11 to 4 to close the bridge.");
  await expect(merged).toContainText("A ferry will run.");
  await expect(merged).toContainText("Drivers go east through Oak Street.");
  await expect(page.getByTestId("agency-update-notice")).toHaveCount(0);
});
