import { expect, type Page } from "@playwright/test";

export const LOGINS = {
  admin: { email: "admin@wiredesk.test", password: "wiredesk-admin" },
  editor: { email: "editor@wiredesk.test", password: "wiredesk-editor" },
  reporter: { email: "reporter@wiredesk.test", password: "wiredesk-reporter" },
} as const;

export async function loginAs(page: Page, role: keyof typeof LOGINS, callbackUrl = "/desk") {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Email").fill(LOGINS[role].email);
  await page.getByLabel("Password").fill(LOGINS[role].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${callbackUrl.replace(/\//g, "\\/")}$`));
}

export const FIXTURE_DIR = new URL("../test/fixtures/wire/", import.meta.url).pathname;

export function unique(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}
