import { expect, test } from "@playwright/test";
import { LOGINS } from "./fixtures";

// Issue #12 (3): callbackUrls that a string check took for a path but the browser reads as
// another host (or a script). Signing in with each must leave the browser on this site.
const HOSTILE = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "\t//evil.example",
  "\u0000//evil.example",
  " //evil.example",
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "/.//evil.example",
  "https:evil.example",
  "http://evil.example/",
  "http://localhost@evil.example/",
  "javascript:alert(document.domain)",
];

for (const callbackUrl of HOSTILE) {
  test(`signing in with callbackUrl ${JSON.stringify(callbackUrl)} stays on the site`, async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    // Anything leaving the site is recorded (and cut off, so nothing waits on DNS).
    const offsite: string[] = [];
    await page.route(
      (url) => url.origin !== origin,
      (route) => {
        offsite.push(route.request().url());
        return route.abort();
      },
    );
    page.on("dialog", (d) => {
      offsite.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });

    await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.getByLabel("Email").fill(LOGINS.reporter.email);
    await page.getByLabel("Password").fill(LOGINS.reporter.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname !== "/login", { waitUntil: "commit" });
    // Give a client-side redirect that would follow the desk a moment to happen.
    await page.waitForLoadState("load");

    expect(new URL(page.url()).origin).toBe(origin);
    await expect(page).toHaveURL(`${origin}/desk`);
    expect(offsite).toEqual([]);
  });
}

test("a same-site callbackUrl is still followed after sign-in", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/desk/wire?x=1")}`);
  await page.getByLabel("Email").fill(LOGINS.reporter.email);
  await page.getByLabel("Password").fill(LOGINS.reporter.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${origin}/desk/wire?x=1`);
});
