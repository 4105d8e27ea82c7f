import { expect, test } from "@playwright/test";
import { loginAs } from "./fixtures";

test.describe("wire queue and story list", () => {
  test("a story that does not exist is a 404 inside the desk, with its navigation", async ({ page }) => {
    await loginAs(page, "reporter", "/desk/stories");
    const res = await page.goto("/desk/stories/no-such-story");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Desk" })).toBeVisible();
  });

  test("search and filters narrow the queue; the URL keeps them", async ({ page }) => {
    await loginAs(page, "reporter", "/desk/wire");
    const queue = page.getByTestId("wire-queue");
    const before = await queue.locator("tbody tr").count();
    expect(before).toBeGreaterThanOrEqual(5);

    await page.getByRole("searchbox", { name: "Search" }).fill("ferries harbour");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/q=ferries\+harbour/);
    await expect(queue.locator("tbody tr")).toHaveCount(1);
    await expect(queue).toContainText("ferries");

    // Operators and stray quotes are just text, never an error page.
    await page.getByRole("searchbox", { name: "Search" }).fill(`& | ! <-> :* ( ) ' \\`);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByRole("heading", { name: "Wire" })).toBeVisible();

    await page.getByRole("searchbox", { name: "Search" }).fill("the of and");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByText(/only common words/)).toBeVisible();
    await expect(queue.locator("tbody tr")).toHaveCount(before);

    await page.getByRole("link", { name: "Clear" }).click();
    await page.getByLabel("Signal").selectOption("kill");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByText("Nothing on the wire matches these filters.")).toBeVisible();

    await page.getByRole("link", { name: "Clear" }).click();
    await page.getByLabel("Time").selectOption("1h");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/window=1h/);
  });

  test("the story list filters by workflow status", async ({ page }) => {
    await loginAs(page, "editor", "/desk/stories");
    const nav = page.getByRole("navigation", { name: "Workflow status" });
    await nav.getByRole("link", { name: /Published/ }).click();
    await expect(page).toHaveURL(/status=PUBLISHED/);
    await expect(nav.getByRole("link", { name: /Published/ })).toHaveAttribute("aria-current", "page");
    const rows = page.getByTestId("story-table").locator("tbody tr");
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    for (const badge of await rows.locator("td:nth-child(2)").allTextContents()) expect(badge).toContain("published");
    await nav.getByRole("link", { name: /Killed/ }).click();
    await expect(page.getByText("No stories are killed.")).toBeVisible();
  });

  test("a new wire item appears without a page reload", async ({ page, request }) => {
    await loginAs(page, "editor", "/desk/wire");
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
    // The page learns of the new item by polling the activity endpoint, not by reloading.
    const polled = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/desk/events" && r.status() === 200, {
      timeout: 30_000,
    });
    const headline = `Live update check ${Date.now()}`;
    const body = ` date 2026-11-27 \n\nOSLO (dpa-AFX) - ${headline} arrives while the desk is open.\n\nCopyright RTT News/dpa-AFX`;
    const cookies = await page.context().cookies();
    const res = await request.post("/api/desk/wire/import", {
      headers: { Origin: new URL(page.url()).origin, Cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
      multipart: { files: { name: "live.txt", mimeType: "text/plain", buffer: Buffer.from(body) } },
    });
    expect(res.ok()).toBe(true);
    await polled;
    await expect(page.getByTestId("wire-queue")).toContainText(headline, { timeout: 30_000 });
    // Same document: the marker set before the import is still there.
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
  });
});
