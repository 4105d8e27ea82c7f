// Ingest journeys: upload (many files + a zip), the agency-kill banner, a feed served on
// 127.0.0.1 (allow-listed by scripts/e2e-server.ts) polled by the server's own worker,
// and a scheduled publish firing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { buildZip } from "../test/zip-writer";
import { FIXTURE_DIR, loginAs, unique } from "./fixtures";

test("an editor uploads several files and a zip, sees a report per file, and then the kill banner", async ({ page }) => {
  await loginAs(page, "editor", "/desk/wire");
  const zip = buildZip([
    {
      name: "inner/deeper/iceland.json",
      data: await readFile(`${FIXTURE_DIR}ninjs/ninjs20-iceland-coffee-2026-11-16.json`),
      deflate: true,
    },
    { name: "../evil.txt", data: "OSLO (dpa-AFX) - should never be imported." },
  ]);
  const liar = buildZip([{ name: "bomb.txt", data: new Uint8Array(5 * 1024 * 1024), deflate: true, declaredSize: 10 }]);
  await page.getByLabel("Agency files").setInputFiles([
    {
      name: "rotterdam-v1.xml",
      mimeType: "application/xml",
      buffer: await readFile(`${FIXTURE_DIR}nitf/nitf-full-rotterdam-solar-v1-2026-11-05.xml`),
    },
    { name: "batch.zip", mimeType: "application/zip", buffer: Buffer.from(zip) },
    { name: "bomb.zip", mimeType: "application/zip", buffer: Buffer.from(liar) },
    { name: "xxe.xml", mimeType: "application/xml", buffer: await readFile(`${FIXTURE_DIR}bad/xxe-external-entity-nitf.xml`) },
  ]);
  await page.getByRole("button", { name: "Import" }).click();
  const report = page.getByTestId("import-report");
  await expect(report.getByRole("status")).toContainText("2 imported");
  await expect(report.getByRole("status")).toContainText("3 failed");
  await expect(report.locator("li").filter({ hasText: "batch.zip/inner/deeper/iceland.json" })).toContainText("imported");
  await expect(report.locator("li").filter({ hasText: "batch.zip/../evil.txt" })).toContainText("`..` paths are not allowed");
  await expect(report.locator("li").filter({ hasText: "bomb.zip" })).toContainText(/lies about its sizes|zip bomb/);
  await expect(report.locator("li").filter({ hasText: "xxe.xml" })).toContainText("XML external entities are not allowed");
  await page.screenshot({ path: "test-results/ingest-upload-report.png", fullPage: true });

  // The agency kills the Rotterdam story: the desk says so on the overview and the wire page.
  await page.getByLabel("Agency files").setInputFiles(`${FIXTURE_DIR}nitf/nitf-kill-rotterdam-solar-2026-11-06.xml`);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("import-report")).toContainText("updated");
  await page.goto("/desk");
  const banner = page.getByTestId("kill-alerts");
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(/Rotterdam/i);
  await expect(banner).toContainText("No story was made from it.");
  await page.screenshot({ path: "test-results/ingest-kill-banner.png" });
  await page.goto("/desk/wire");
  await expect(page.getByTestId("kill-alerts")).toContainText(/Rotterdam/i);
});

test.describe("feeds", () => {
  let server: http.Server;
  let feedUrl: string;
  let hits = 0;
  test.beforeAll(async () => {
    const rss = await readFile(`${FIXTURE_DIR}feeds/rss2-meridian-top-stories-2026-11-25.xml`);
    server = http.createServer((req, res) => {
      hits++;
      if (req.headers["if-none-match"] === '"meridian-1"') {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/rss+xml", etag: '"meridian-1"' }).end(rss);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/top-stories.rss`;
  });
  test.afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  test("an admin adds a feed served on localhost; the worker polls it and the items reach the wire", async ({ page }) => {
    await loginAs(page, "admin", "/desk/admin/feeds");
    await expect(page.getByRole("heading", { name: "Feeds", level: 1 })).toBeVisible();
    const add = page.getByRole("form", { name: "Add feed" });

    // SSRF: the cloud metadata address is refused when saving.
    await add.getByLabel("Name").fill("Metadata");
    await add.getByLabel(/Feed URL/).fill("http://169.254.169.254/latest/meta-data/");
    await add.getByRole("button", { name: "Add feed" }).click();
    await expect(add.getByRole("alert")).toContainText("loopback, private, link-local");

    await add.getByLabel("Name").fill("Meridian top stories");
    await add.getByLabel(/Feed URL/).fill(feedUrl);
    await add.getByLabel(/Poll every/).fill("60");
    await add.getByRole("button", { name: "Add feed" }).click();
    const row = page.getByTestId("feed-row").filter({ hasText: "Meridian top stories" });
    await expect(row).toBeVisible();

    // The server's worker polls within a few seconds; the health line follows.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("feed-row").filter({ hasText: "Meridian top stories" }).getByTestId("feed-items")).toHaveText(
        "5",
      );
    }).toPass({ timeout: 30_000, intervals: [1000] });
    await expect(row).toContainText("healthy");
    expect(hits).toBe(1);
    await page.screenshot({ path: "test-results/feeds-admin.png", fullPage: true });

    await page.goto("/desk/wire");
    await expect(page.getByText("Tallinn tests bus shelters heated by data-centre waste heat")).toBeVisible();
  });

  test("editors cannot open the feed settings", async ({ page }) => {
    await loginAs(page, "editor");
    await expect(page.getByRole("link", { name: "Feeds" })).toHaveCount(0);
    const res = await page.goto("/desk/admin/feeds");
    expect(res?.status()).toBe(403);
  });
});

test("an editor schedules a story a few seconds ahead and the worker publishes it on time", async ({ page }) => {
  await loginAs(page, "editor", "/desk/stories");
  const headline = unique("Scheduled harbour story");
  await page.getByLabel("Headline for a new story").fill(headline);
  await page.getByRole("button", { name: "New story" }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  const control = page.getByTestId("schedule-control");
  await expect(control).toBeVisible();
  const at = await page.evaluate(() => {
    const d = new Date(Date.now() + 8000);
    const pad = (n: number) => String(n).padStart(2, "0");
    return {
      local: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
      ms: d.getTime(),
    };
  });
  await control.getByLabel(/Publish at/).fill(at.local);
  await control.getByRole("button", { name: "Schedule" }).click();
  // The confirmation, or (once the page has refreshed and the control re-mounted with the new
  // version) the standing "Scheduled for …" line: either says the same, and the refresh can
  // land before the first is ever seen.
  await expect(page.getByTestId("schedule-control")).toContainText("Scheduled for");
  await expect(page.locator("h1 + span")).toHaveText("scheduled");
  await page.screenshot({ path: "test-results/ingest-schedule-control.png" });
  await expect(async () => {
    await page.reload();
    await expect(page.locator("h1 + span")).toHaveText("published");
  }).toPass({ timeout: 30_000, intervals: [1000] });
  const lateMs = Date.now() - at.ms;
  console.log(`scheduled publish seen in the browser ${lateMs} ms after its time (includes reload polling)`);
  await page.getByRole("link", { name: "View on site" }).click();
});
