import { expect, test } from "@playwright/test";
import { FIXTURE_DIR, loginAs, unique } from "./fixtures";

test("a signed-out visitor to the desk is sent to the sign-in page", async ({ page }) => {
  await page.goto("/desk/wire");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdesk%2Fwire/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("wrong credentials are refused with a generic message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("editor@wiredesk.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("an editor imports the seed story, edits, tags and publishes it, and a reader finds it", async ({ page }) => {
  await loginAs(page, "editor", "/desk/wire");

  // 1. Upload the plain-text seed story.
  await page.getByLabel("Agency files").setInputFiles(`${FIXTURE_DIR}plaintext/dpa-afx-honduras-2019-08-28.txt`);
  await page.getByRole("button", { name: "Import" }).click();
  const report = page.getByTestId("import-report");
  await expect(report).toContainText("dpa-afx-honduras-2019-08-28.txt");
  await expect(report).toContainText(/imported|duplicate/);
  await report.getByRole("link").first().click();

  // 2. The importer read the dateline, agency, date and credit, and proposed a headline.
  await expect(page.getByText("proposed headline")).toBeVisible();
  await expect(page.getByText("WASHINGTON (dpa-AFX)")).toBeVisible();
  await expect(page.getByText("· 2019-08-28")).toBeVisible();
  await expect(page.getByText("Copyright RTT News/dpa-AFX")).toBeVisible();

  // 3. Create a story from it, edit it in the editor, tag it, save and publish.
  await page.getByRole("button", { name: /Create story from v1/ }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  const headline = unique("Honduras pledges crackdown on smuggling");
  await page.getByLabel("Headline").fill(headline);
  await page.getByLabel("Standfirst").fill("Washington and Tegucigalpa agree to work together on border security.");
  const body = page.getByTestId("story-body-editor");
  await body.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Editors added this closing paragraph in the desk editor.");
  // Tags through the picker: a free keyword, and a place.
  const picker = page.getByRole("combobox", { name: "Find or add a tag" });
  const listbox = page.getByRole("listbox", { name: "Matching tags" });
  await picker.fill("Migration policy e2e");
  await listbox.getByRole("option", { name: /Add “Migration policy e2e”/ }).click();
  await page.getByLabel("Kind for a new tag").selectOption("PLACE");
  await picker.fill("Tegucigalpa");
  await listbox.getByRole("option", { name: /Add “Tegucigalpa”/ }).click();
  await expect(page.getByTestId("story-tags").getByText("Tegucigalpa")).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("story-message")).toHaveText("Saved");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByTestId("story-message")).toHaveText("Status: published");

  // 4. A reader sees it on the home page, opens it, and follows a tag.
  await page.context().clearCookies();
  await page.goto("/");
  await page.getByRole("link", { name: headline }).click();
  await expect(page).toHaveURL(/\/stories\/honduras-pledges-crackdown-on-smuggling/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(headline);
  await expect(page.getByText("WASHINGTON —")).toBeVisible();
  await expect(page.getByText("Editors added this closing paragraph in the desk editor.")).toBeVisible();
  await expect(page.getByText("Copyright RTT News/dpa-AFX")).toBeVisible();
  await expect(page.locator("time").first()).toBeVisible();
  await page.getByRole("link", { name: "Tegucigalpa" }).click();
  await expect(page).toHaveURL(/\/tags\/tegucigalpa/);
  await expect(page.getByRole("link", { name: headline })).toBeVisible();
});

test("drafts are not on the public site", async ({ page }) => {
  await loginAs(page, "editor", "/desk/stories");
  const headline = unique("Unpublished draft");
  await page.getByLabel("Headline for a new story").fill(headline);
  await page.getByRole("button", { name: "New story" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  const slug = headline.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const res = await page.request.get(`/stories/${slug}`);
  expect(res.status()).toBe(404);
  await page.goto("/");
  await expect(page.getByText(headline)).toHaveCount(0);
});
