import type { Page } from "@playwright/test";

/**
 * Opens a story on the front page whose byline links to a staff author's page, and returns
 * that link's href. Agency copy is credited to its agency (no author link), so not every
 * story has one.
 */
export async function openStoryWithAuthorLink(page: Page): Promise<string> {
  await page.goto("/");
  const hrefs = await page
    .locator("main article a[href^='/stories/']")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  for (const h of [...new Set(hrefs)]) {
    await page.goto(h);
    const link = page.locator('a[rel="author"]');
    if ((await link.count()) > 0) return (await link.first().getAttribute("href"))!;
  }
  throw new Error("no story on the front page links to a staff author");
}
