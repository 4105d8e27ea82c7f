import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { loginAs, unique } from "./fixtures";
import { actionRef, anonContext, BASE, callAction, signedInContext } from "./http-helpers";

/** Invites a user through the admin screen and returns the one-time link shown to the admin. */
async function inviteViaUi(page: Page, name: string, email: string, role: "REPORTER" | "EDITOR" | "ADMIN") {
  await page.goto("/desk/admin/users");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Create and invite" }).click();
  const link = page.getByTestId("issued-link").getByRole("textbox");
  await expect(link).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
  return link.inputValue();
}

async function acceptViaUi(browser: Browser, url: string, password: string) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(url);
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Repeat it").fill(password);
  await page.getByRole("button", { name: "Set password and continue" }).click();
  await expect(page).toHaveURL(/\/login/);
  return { ctx, page };
}

async function signInViaUi(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/desk$/);
}

const PASSWORD = "a sensible long passphrase";

test("invite → accept → sign in → demote: the very next request is a reporter's; deactivation signs out", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await loginAs(page, "admin", "/desk");
  await page.getByRole("link", { name: "Admin", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  const email = `${unique("new.editor").replace(/\s+/g, "-")}@wiredesk.test`.toLowerCase();
  const url = await inviteViaUi(page, "Nia Okafor", email, "EDITOR");

  // The link works once.
  const { page: user, ctx } = await acceptViaUi(browser, url, PASSWORD);
  const again = await ctx.newPage();
  await again.goto(url);
  await expect(again.getByText("This link has expired or was already used")).toBeVisible();

  // Sign in as the new editor and open a story of their own: the publish button is there.
  await signInViaUi(user, email, PASSWORD);
  await expect(user.locator("header")).toContainText("editor");
  await user.goto("/desk/stories");
  await user.getByLabel("Headline for a new story").fill(unique("Council budget"));
  await user.getByRole("button", { name: "New story" }).click();
  await expect(user).toHaveURL(/\/desk\/stories\/[a-z0-9]+$/);
  const storyId = user.url().split("/").pop()!;
  await expect(user.getByRole("button", { name: "Publish", exact: true })).toBeVisible();

  // The admin demotes them to reporter.
  await page.goto(`/desk/admin/users?q=${encodeURIComponent(email)}`);
  const row = page.getByTestId(`user-${email}`);
  await expect(row).not.toContainText("never"); // their sign-in is recorded

  await row.getByLabel(/Role for/).selectOption("REPORTER");
  await row.getByRole("button", { name: "Change role" }).click();
  // The row is re-rendered by the server with the stored role.
  await expect(row).toHaveAttribute("data-role", "REPORTER");
  await expect(row.getByLabel(/Role for/)).toHaveValue("REPORTER");
  await expect(row.getByRole("alert")).toHaveCount(0);

  // Their very next request is a reporter's: same session, no publish button, publish refused.
  await user.reload();
  await expect(user.locator("header")).toContainText("reporter");
  await expect(user.getByRole("button", { name: "Publish", exact: true })).toHaveCount(0);
  const cookies = await ctx.cookies();
  const api = await anonContext();
  const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const publish = await callAction(api, actionRef("app/desk/stories/actions.ts", "transitionStoryAction"), [storyId, "publish"], {
    headers: { Cookie: cookieHeader },
  });
  expect(publish.code).toBe("FORBIDDEN");
  expect((await api.get(`/stories/${storyId}`)).status()).toBe(404);

  // The denial is in the audit log, and so is the role change.
  await page.goto(`/desk/admin/audit?actor=${encodeURIComponent(email)}&action=authz.denied`);
  await expect(page.getByRole("table")).toContainText("authz.denied");
  await page.goto(`/desk/admin/audit?action=user.role_change`);
  await expect(page.getByRole("table")).toContainText('"to":"REPORTER"');

  // Deactivation signs them out on their next request.
  await page.goto(`/desk/admin/users?q=${encodeURIComponent(email)}`);
  await page.getByTestId(`user-${email}`).getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByTestId(`user-${email}`)).toContainText("deactivated");
  await user.goto("/desk/stories");
  await expect(user).toHaveURL(/\/login/);
  await ctx.close();
});

test("the last active admin cannot demote or deactivate themselves", async ({ page }) => {
  await loginAs(page, "admin", "/desk/admin/users");
  const row = page.getByTestId("user-admin@wiredesk.test");
  await row.getByLabel(/Role for/).selectOption("EDITOR");
  await row.getByRole("button", { name: "Change role" }).click();
  await expect(row.getByRole("alert")).toContainText("last active admin");
  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row.getByRole("alert")).toContainText("last active admin");
});

test("password reset link and account page: change password ends the session", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await loginAs(page, "admin", "/desk/admin/users");
  const email = `${unique("reset").replace(/\s+/g, "-")}@wiredesk.test`.toLowerCase();
  const invite = await inviteViaUi(page, "Rae Reset", email, "REPORTER");
  const { page: user, ctx } = await acceptViaUi(browser, invite, PASSWORD);
  await signInViaUi(user, email, PASSWORD);

  await page.goto(`/desk/admin/users?q=${encodeURIComponent(email)}`);
  await page.getByTestId(`user-${email}`).getByRole("button", { name: "Reset link" }).click();
  const reset = await page.getByTestId(`user-${email}`).getByTestId("issued-link").getByRole("textbox").inputValue();
  expect(reset).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);

  // Still signed in until the link is used; using it ends the session.
  await user.goto("/desk");
  await expect(user).toHaveURL(/\/desk$/);
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(reset);
  await p2.getByLabel("New password").fill("the reset passphrase");
  await p2.getByLabel("Repeat it").fill("the reset passphrase");
  await p2.getByRole("button", { name: "Set new password" }).click();
  await expect(p2).toHaveURL(/\/login/);
  await user.goto("/desk");
  await expect(user).toHaveURL(/\/login/);

  // Account page: change own password (needs the current one), then sign in again.
  await signInViaUi(user, email, "the reset passphrase");
  await user.getByRole("link", { name: "Rae Reset" }).click();
  await user.getByLabel("Current password").fill("wrong");
  await user.getByLabel("New password").fill("yet another passphrase");
  await user.getByRole("button", { name: "Change password" }).click();
  await expect(user.getByText("Not correct")).toBeVisible();
  await user.getByLabel("Current password").fill("the reset passphrase");
  await user.getByLabel("New password").fill("yet another passphrase");
  await user.getByRole("button", { name: "Change password" }).click();
  await expect(user).toHaveURL(/\/login/);
  await signInViaUi(user, email, "yet another passphrase");

  // Sign out everywhere ends this session and any other.
  const second = await signedInContext({ email, password: "yet another passphrase" });
  expect((await second.get("/desk", { maxRedirects: 0 })).status()).toBe(200);
  await user.goto("/desk/account");
  await user.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(user).toHaveURL(/\/login/);
  expect((await second.get("/desk", { maxRedirects: 0 })).status()).toBe(307);
  await ctx.close();
  await other.close();
});

// ───────────── the matrix over HTTP: direct action POSTs, route handlers, pages ─────────────

type Who = "anon" | "reporter" | "editor" | "admin" | "deactivated" | "demoted";
const WHO: Who[] = ["anon", "reporter", "editor", "admin", "deactivated", "demoted"];
const ctxs = {} as Record<Who, APIRequestContext>;

test.describe("the matrix over HTTP", () => {
  test.beforeAll(async ({ browser }) => {
    const page = await (await browser.newContext()).newPage();
    await loginAs(page, "admin", "/desk");
    const make = async (label: string) => {
      const email = `${unique(label).replace(/\s+/g, "-")}@wiredesk.test`.toLowerCase();
      const url = await inviteViaUi(page, label, email, "EDITOR");
      const { ctx } = await acceptViaUi(browser, url, PASSWORD);
      await ctx.close();
      return email;
    };
    const leaving = await make("leaving");
    const demoted = await make("demoted");
    for (const who of ["reporter", "editor", "admin"] as const) ctxs[who] = await signedInContext(who);
    ctxs.anon = await anonContext();
    ctxs.deactivated = await signedInContext({ email: leaving, password: PASSWORD });
    ctxs.demoted = await signedInContext({ email: demoted, password: PASSWORD });
    // Both sessions were good a moment ago.
    expect((await ctxs.deactivated.get("/desk", { maxRedirects: 0 })).status()).toBe(200);
    expect((await ctxs.demoted.get("/api/desk/wire/versions/none/original")).status()).toBe(404);
    const find = async (email: string) => {
      await page.goto(`/desk/admin/users?q=${encodeURIComponent(email)}`);
      return page.getByTestId(`user-${email}`);
    };
    const l = await find(leaving);
    await l.getByRole("button", { name: "Deactivate" }).click();
    await expect(l).toContainText("deactivated");
    const d = await find(demoted);
    await d.getByLabel(/Role for/).selectOption("REPORTER");
    await d.getByRole("button", { name: "Change role" }).click();
    await expect(d).toHaveAttribute("data-role", "REPORTER");
    await expect(d.getByLabel(/Role for/)).toHaveValue("REPORTER");
    await page.context().close();
  });

  const UNAUTH = "UNAUTHENTICATED";
  const DENY = "FORBIDDEN";
  // A permission probe: allowed principals get past the permission check and reach the
  // lookup of an id that does not exist (NOT_FOUND, or VALIDATION of the input); no state
  // changes.
  const PASS = "NOT_FOUND";
  const EVERY_ROLE = { anon: UNAUTH, reporter: PASS, editor: PASS, admin: PASS, deactivated: UNAUTH, demoted: PASS };
  const EDITORS = { anon: UNAUTH, reporter: DENY, editor: PASS, admin: PASS, deactivated: UNAUTH, demoted: DENY };
  const ADMINS = { anon: UNAUTH, reporter: DENY, editor: DENY, admin: PASS, deactivated: UNAUTH, demoted: DENY };
  const probes: {
    name: string;
    file: string;
    fn: string;
    args: unknown[];
    /** Sent as the FormData last argument (form actions), after `args`. */
    form?: Record<string, string>;
    expect: Record<Who, string>;
  }[] = [
    ...["publish", "unpublish", "kill", "schedule"].map((step) => ({
      name: `${step} (transitionStoryAction)`,
      file: "app/desk/stories/actions.ts",
      fn: "transitionStoryAction",
      args: ["nonexistent-story", step],
      expect: { anon: UNAUTH, reporter: DENY, editor: PASS, admin: PASS, deactivated: UNAUTH, demoted: DENY },
    })),
    {
      name: "mark a story independently verified",
      file: "app/desk/stories/actions.ts",
      fn: "setIndependentlyVerifiedAction",
      args: ["nonexistent-story", { verified: true, baseVersion: 1 }],
      expect: { anon: UNAUTH, reporter: DENY, editor: PASS, admin: PASS, deactivated: UNAUTH, demoted: DENY },
    },
    {
      name: "set a story's embargo",
      file: "app/desk/stories/actions.ts",
      fn: "setStoryEmbargoAction",
      args: ["nonexistent-story", { until: null, baseVersion: 1 }],
      expect: { anon: UNAUTH, reporter: DENY, editor: PASS, admin: PASS, deactivated: UNAUTH, demoted: DENY },
    },
    {
      name: "create a draft from wire copy",
      file: "app/desk/stories/actions.ts",
      fn: "createStoryFromWireAction",
      args: ["nonexistent-version"],
      expect: { anon: UNAUTH, reporter: PASS, editor: PASS, admin: PASS, deactivated: UNAUTH, demoted: PASS },
    },
    {
      name: "save a story",
      file: "app/desk/stories/actions.ts",
      fn: "saveStoryAction",
      args: ["nonexistent-story", { baseVersion: 1, headline: "x", status: "PUBLISHED", authorId: "someone" }],
      expect: { anon: UNAUTH, reporter: PASS, editor: PASS, admin: PASS, deactivated: UNAUTH, demoted: PASS },
    },
    ...["changeUserRoleAction", "setUserActiveAction", "issuePasswordResetAction"].map((fn) => ({
      name: `manage users (${fn})`,
      file: "app/desk/admin/users/actions.ts",
      fn,
      args:
        fn === "changeUserRoleAction"
          ? ["nonexistent-user", "ADMIN"]
          : fn === "setUserActiveAction"
            ? ["nonexistent-user", false]
            : ["nonexistent-user"],
      expect: { anon: UNAUTH, reporter: DENY, editor: DENY, admin: PASS, deactivated: UNAUTH, demoted: DENY },
    })),
    {
      name: "update a published story with a correction note",
      file: "app/desk/stories/actions.ts",
      fn: "republishStoryAction",
      args: ["nonexistent-story", "An earlier version misstated the date."],
      expect: EDITORS,
    },
    {
      name: "release an edit lock",
      file: "app/desk/stories/actions.ts",
      fn: "releaseLockAction",
      args: ["nonexistent-story"],
      expect: EVERY_ROLE,
    },
    {
      name: "list a story's notes",
      file: "app/desk/stories/[id]/annotation-actions.ts",
      fn: "listAnnotationsAction",
      args: [{ storyId: "nonexistent-story" }],
      expect: EVERY_ROLE,
    },
    ...(
      [
        { fn: "renameTagAction", form: { id: "nonexistent-tag", name: "Probe name" } },
        { fn: "setSynonymsAction", form: { id: "nonexistent-tag", synonyms: "probe one, probe two" } },
        { fn: "mergeTagAction", form: { id: "nonexistent-tag", target: "Probe target" } },
      ] as { fn: string; form: Record<string, string> }[]
    ).map(({ fn, form }) => ({
      name: `tag administration (${fn})`,
      file: "app/desk/tags/actions.ts",
      fn,
      args: [null],
      form,
      expect: EDITORS,
    })),
    {
      name: "list stories to append wire copy to",
      file: "app/desk/wire/append-actions.ts",
      fn: "listAppendTargetsAction",
      args: ["Probe"],
      expect: EVERY_ROLE,
    },
    {
      name: "append wire copy to a story",
      file: "app/desk/wire/append-actions.ts",
      fn: "appendWireToStoryAction",
      args: ["nonexistent-story", "nonexistent-version"],
      expect: EVERY_ROLE,
    },
    {
      name: "edit a feed",
      file: "app/desk/admin/feeds/actions.ts",
      fn: "updateFeedAction",
      args: ["nonexistent-feed", null],
      form: { name: "Probe feed", url: "https://example.com/feed.xml", intervalSeconds: "300" },
      expect: ADMINS,
    },
    {
      name: "delete a feed",
      file: "app/desk/admin/feeds/actions.ts",
      fn: "deleteFeedAction",
      args: ["nonexistent-feed"],
      expect: ADMINS,
    },
    {
      name: "sign out everywhere needs a session",
      file: "app/desk/account/actions.ts",
      fn: "signOutEverywhereAction",
      args: [],
      expect: { anon: UNAUTH, reporter: "skip", editor: "skip", admin: "skip", deactivated: UNAUTH, demoted: "skip" },
    },
  ];

  for (const probe of probes) {
    test(`action: ${probe.name}`, async () => {
      const ref = actionRef(probe.file, probe.fn);
      // Without any cookie the proxy already sends the request to the sign-in page...
      const bare = await callAction(ctxs.anon, ref, probe.args, { form: probe.form });
      expect([bare.status, bare.body]).toEqual([307, expect.stringContaining("/login")] as unknown[]);
      for (const who of WHO) {
        if (probe.expect[who] === "skip") continue;
        // ...so "anon" carries a forged session cookie, which gets it to the action itself.
        const forged: Record<string, string> = who === "anon" ? { Cookie: "next-auth.session-token=forged.token.value" } : {};
        const r = await callAction(ctxs[who], ref, probe.args, { headers: forged, form: probe.form });
        const got = (code: string | null) =>
          probe.expect[who] === PASS && code && code !== UNAUTH && code !== DENY && code !== "INTERNAL" ? PASS : code;
        expect(got(r.code), `${who}: ${r.body.slice(0, 200)}`).toBe(probe.expect[who]);
        // The same answer with the proxy-bypass header.
        const v = await callAction(ctxs[who], ref, probe.args, {
          form: probe.form,
          headers: { ...forged, "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
        });
        expect(got(v.code), `${who} (x-middleware-subrequest)`).toBe(probe.expect[who]);
      }
    });
  }

  test("route handler: wire import (401 / 403 / ok)", async () => {
    const expected: Record<Who, number> = { anon: 401, reporter: 403, editor: 200, admin: 200, deactivated: 401, demoted: 403 };
    for (const who of WHO) {
      const tag = `${who}-${Date.now()}`;
      const res = await ctxs[who].post("/api/desk/wire/import", {
        headers: { Origin: BASE },
        multipart: {
          files: {
            name: `${tag}.txt`,
            mimeType: "text/plain",
            buffer: Buffer.from(` date 2026-11-27 \n\nOSLO (dpa-AFX) - Matrix ${tag}.\n\nCopyright dpa-AFX`),
          },
        },
      });
      expect(res.status(), who).toBe(expected[who]);
    }
  });

  test("route handler: the agency original needs wire.read", async () => {
    const expected: Record<Who, number> = { anon: 401, reporter: 404, editor: 404, admin: 404, deactivated: 401, demoted: 404 };
    for (const who of WHO) {
      for (const path of ["/api/desk/wire/versions/nonexistent/original", "/api/desk/wire/versions/nonexistent/original/"]) {
        expect((await ctxs[who].get(path)).status(), `${who} ${path}`).toBe(expected[who]);
      }
    }
  });

  test("pages: the newsroom and the admin screens", async () => {
    const desk: Record<Who, number> = { anon: 307, reporter: 200, editor: 200, admin: 200, deactivated: 307, demoted: 200 };
    const adminScreens: Record<Who, number> = {
      anon: 307,
      reporter: 403,
      editor: 403,
      admin: 200,
      deactivated: 307,
      demoted: 403,
    };
    for (const who of WHO) {
      expect((await ctxs[who].get("/desk", { maxRedirects: 0 })).status(), `${who} /desk`).toBe(desk[who]);
      for (const path of ["/desk/admin/users", "/desk/admin/audit", "/desk/admin/users/"]) {
        const res = await ctxs[who].get(path, { maxRedirects: 0 });
        const status =
          res.status() === 308 ? (await ctxs[who].get(res.headers()["location"]!, { maxRedirects: 0 })).status() : res.status();
        expect(status, `${who} ${path}`).toBe(adminScreens[who]);
      }
    }
  });

  test("public reads: 200 for everyone (a deactivated session reads as anonymous)", async () => {
    for (const who of WHO) {
      for (const path of ["/", "/feed.xml", "/atom.xml", "/sitemap.xml", "/news-sitemap.xml", "/api/content/stories"]) {
        expect((await ctxs[who].get(path)).status(), `${who} ${path}`).toBe(200);
      }
      expect((await ctxs[who].get("/stories/no-such-story-anywhere")).status(), who).toBe(404);
      // A forged one-time link reveals nothing.
      expect(await (await ctxs[who].get(`/invite/${"A".repeat(43)}`)).text()).toContain("expired or was already used");
    }
  });
});
