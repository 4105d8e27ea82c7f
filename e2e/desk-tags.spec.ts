import { expect, test } from "@playwright/test";
import { loginAs } from "./fixtures";

test.describe("tagging in the story editor", () => {
  test("suggestions on the seed story: accept one, reject one; the picker adds an IPTC topic; all survive a reload", async ({
    page,
  }) => {
    await loginAs(page, "editor");
    // A fresh story from the Honduras seed copy (the published demo story already has tags).
    await page.goto("/desk/wire?q=Honduras");
    await page
      .getByTestId("wire-queue")
      .getByRole("link", { name: /Honduras/ })
      .first()
      .click();
    await page.getByRole("button", { name: /Create story from v/ }).click();
    await expect(page).toHaveURL(/\/desk\/stories\/[^/]+$/);
    const storyUrl = page.url();

    const suggestions = page.getByTestId("tag-suggestions");
    await expect(suggestions.getByText("Kevin K. McAleenan")).toBeVisible({ timeout: 20_000 });
    await expect(suggestions.getByText("Juan Orlando Hernandez")).toBeVisible();
    await expect(suggestions.getByText("Department of Homeland Security")).toBeVisible();
    await expect(suggestions.getByText("DHS", { exact: true })).toHaveCount(0);

    await suggestions.getByRole("button", { name: "Accept Kevin K. McAleenan" }).click();
    const tags = page.getByTestId("story-tags");
    await expect(tags.getByText("Kevin K. McAleenan")).toBeVisible();
    await expect(suggestions.getByText("Kevin K. McAleenan")).toHaveCount(0);
    await suggestions.getByRole("button", { name: "Reject Juan Orlando Hernandez" }).click();
    await expect(suggestions.getByText("Juan Orlando Hernandez")).toHaveCount(0);

    // The picker: type-ahead over the IPTC vocabulary, grouped by kind.
    const picker = page.getByRole("combobox", { name: "Find or add a tag" });
    await picker.fill("immigration pol");
    const listbox = page.getByRole("listbox", { name: "Matching tags" });
    await expect(listbox.getByText("IPTC Media Topics")).toBeVisible();
    await listbox.getByRole("option", { name: /immigration policy/ }).click();
    await expect(tags.getByText("immigration policy")).toBeVisible();
    // A free keyword.
    await picker.fill("Border talks");
    await picker.press("ArrowDown");
    await listbox.getByRole("option", { name: /Add “Border talks”/ }).click();
    await expect(tags.getByText("Border talks")).toBeVisible();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByTestId("story-message")).toHaveText("Saved");

    await page.goto(storyUrl);
    await expect(tags.getByText("Kevin K. McAleenan")).toBeVisible();
    await expect(tags.getByText("immigration policy")).toBeVisible();
    await expect(tags.getByText("Border talks")).toBeVisible();
    await expect(suggestions.getByText("Department of Homeland Security")).toBeVisible({ timeout: 20_000 });
    await expect(suggestions.getByText("Juan Orlando Hernandez")).toHaveCount(0);
  });

  test("the preview renders the story like the public article", async ({ page }) => {
    await loginAs(page, "editor");
    await page.goto("/desk/stories?status=PUBLISHED");
    await page
      .getByTestId("story-table")
      .getByRole("link", { name: /Honduras/ })
      .first()
      .click();
    const href = await page.getByTestId("preview-link").getAttribute("href");
    await page.goto(href!);
    const preview = page.getByTestId("story-preview");
    await expect(preview.getByRole("heading", { level: 1 })).toContainText("Honduras");
    await expect(preview.locator("article")).toContainText("Kevin K. McAleenan");
  });
});

test.describe("tag administration", () => {
  test("an editor makes a tag a section: the public masthead names it at once; blank takes it out", async ({ page, browser }) => {
    await loginAs(page, "editor", "/desk/tags");
    await page.goto("/desk/tags?q=Education");
    const row = page.getByRole("row").filter({ has: page.getByRole("textbox", { name: "Name of Education", exact: true }) });
    const reader = await browser.newPage(); // no session: the cached public site
    await reader.goto("/");
    // The demo's sections (prisma/seed.ts); Education is not one of them yet.
    const sections = reader.getByRole("navigation", { name: "Sections" });
    await expect(sections.getByRole("link", { name: "Public transport" })).toBeVisible();
    await expect(sections.getByRole("link", { name: "Education" })).toHaveCount(0);

    await row.getByLabel(/Position of Education in the site's sections/).fill("1");
    await row.getByRole("button", { name: "Set" }).click();
    await expect(row.getByLabel(/Position of Education/)).toHaveValue("1");
    // The cached front page and an article are refreshed, not left to expire.
    const started = Date.now();
    await expect(async () => {
      await reader.goto("/");
      await expect(sections.getByRole("link", { name: "Education" })).toBeVisible({
        timeout: 100,
      });
    }).toPass({ timeout: 5_000, intervals: [100] });
    expect(Date.now() - started).toBeLessThan(2_000);
    await sections.getByRole("link", { name: "Education" }).click();
    await expect(reader.getByRole("heading", { level: 1, name: "Education" })).toBeVisible();

    await row.getByLabel(/Position of Education/).fill("");
    await row.getByRole("button", { name: "Set" }).click();
    await expect(async () => {
      await reader.goto("/");
      await expect(sections.getByRole("link", { name: "Education" })).toHaveCount(0, { timeout: 100 });
    }).toPass({ timeout: 5_000, intervals: [100] });

    // A section with nothing published in it yet is an (empty) page, not a dead link.
    await page.goto("/desk/tags?q=adult+and+continuing");
    const topic = page.getByLabel(/Position of adult and continuing education in the site's sections/);
    await topic.fill("9");
    await topic.press("Enter");
    const topicLink = sections.getByRole("link", { name: "adult and continuing education" });
    await expect(async () => {
      await reader.goto("/");
      await expect(topicLink).toBeVisible({ timeout: 100 });
    }).toPass({ timeout: 5_000, intervals: [100] });
    await topicLink.click();
    await expect(reader.getByRole("heading", { level: 1, name: "adult and continuing education" })).toBeVisible();
    await expect(reader.getByText("Nothing has been published in this section yet.")).toBeVisible();
    await topic.fill("");
    await topic.press("Enter");
    await expect(async () => {
      await reader.goto("/");
      await expect(topicLink).toHaveCount(0, { timeout: 100 });
    }).toPass({ timeout: 5_000, intervals: [100] });
    await reader.close();
  });
});
