import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { openStoryWithAuthorLink } from "./public-helpers";

// axe-core on every public page type: zero violations (WCAG 2.x A/AA rules and best practices).
test("every public page type has no axe violations", async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const author = await openStoryWithAuthorLink(page);
  const story = new URL(page.url()).pathname;
  const tag = await page.locator('nav[aria-label="Topics"] a').first().getAttribute("href");
  const pages = [
    "/",
    "/?page=1",
    story!,
    author!,
    tag!,
    "/search",
    "/search?q=honduras",
    "/search?q=zzzznothing",
    "/stories/no-such-story",
    "/no/such/page",
  ];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const url of pages) {
      await page.goto(url);
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
        `${url} (${colorScheme})`,
      ).toEqual([]);
    }
  }
  await context.close();
});
