import { expect, test } from "@playwright/test";
import { loginAs, unique } from "./fixtures";

test("a reporter drafts from the wire and submits, but cannot publish or import", async ({ page }) => {
  await loginAs(page, "reporter", "/desk/wire");
  // Reporters do not get the import form.
  await expect(page.getByLabel("Agency files")).toHaveCount(0);
  // ...and the import endpoint refuses them even when called directly.
  const status = await page.evaluate(async () => {
    const form = new FormData();
    form.append("files", new Blob(["WASHINGTON (dpa-AFX) - Text."]), "x.txt");
    const res = await fetch("/api/desk/wire/import", { method: "POST", body: form });
    return res.status;
  });
  expect(status).toBe(403);

  await page
    .getByRole("link", { name: /New night train to link Berlin/ })
    .first()
    .click();
  await page.getByRole("button", { name: /Create story from/ }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  const headline = unique("Reporter draft");
  await page.getByLabel("Headline").fill(headline);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("story-message")).toHaveText("Saved");
  await expect(page.getByRole("button", { name: "Publish", exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByTestId("story-message")).toHaveText("Status: in review");
  await page.goto("/");
  await expect(page.getByText(headline)).toHaveCount(0);
});
