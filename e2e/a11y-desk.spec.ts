import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { LOGINS } from "./fixtures";

// axe-core on every desk page an editor and an admin use: zero violations (WCAG 2.x A/AA
// rules and best practices), as on the public site.
test("every desk page has no axe violations", async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login?callbackUrl=%2Fdesk%2Fstories");
  await page.getByLabel("Email").fill(LOGINS.admin.email);
  await page.getByLabel("Password").fill(LOGINS.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/desk\/stories$/);
  const story = await page.locator("[data-testid=story-table] a").first().getAttribute("href");
  await page.goto("/desk/wire");
  const wireItem = await page.locator("main a[href^='/desk/wire/']").first().getAttribute("href");
  const pages = [
    "/desk",
    "/desk/wire",
    wireItem!,
    "/desk/stories",
    "/desk/stories?q=ferries&flag=embargoed",
    story!,
    `${story}/history`,
    `${story}/original`,
    `${story}/preview`,
    "/desk/tags",
    "/desk/admin/users",
    "/desk/admin/feeds",
    "/desk/admin/audit",
    "/desk/account",
    "/desk/no-such-page",
  ];
  for (const url of pages) {
    await page.goto(url);
    // Desk pages poll for changes and renew edit locks, so the network is never idle for long.
    await page.waitForLoadState("load");
    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      url,
    ).toEqual([]);
  }
  await context.close();
});
