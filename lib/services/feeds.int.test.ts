// Feed configuration and polling against a local HTTP server.
// Database: real Postgres when DATABASE_URL is set, embedded PGlite otherwise (both pass).
// The feed server listens on 127.0.0.1, which only the allow-list lets through.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { findFeed } from "@/lib/db/feeds";
import { stopJobQueue } from "@/lib/jobs/queue";
import { FIXTURES, makeStaff } from "@/test/helpers";
import { createFeed, deleteFeed, listFeedsForAdmin, pollFeedJob, updateFeed } from "./feeds";

vi.hoisted(() => {
  process.env.WIREDESK_FEED_ALLOW_HOSTS = "127.0.0.1";
  process.env.WIREDESK_FEED_TIMEOUT_MS = "2000";
});

let staff: Awaited<ReturnType<typeof makeStaff>>;
let server: http.Server;
let base: string;
let rss: string;
let body = "";
let mode: "ok" | "fail" = "ok";
let hits = 0;
const conditional: (string | undefined)[] = [];

beforeAll(async () => {
  staff = await makeStaff();
  rss = await readFile(path.join(FIXTURES, "feeds/rss2-meridian-top-stories-2026-11-25.xml"), "utf8");
  body = rss;
  server = http.createServer((req, res) => {
    hits++;
    conditional.push(req.headers["if-none-match"]);
    if (req.url === "/redirect-to-metadata") {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      return;
    }
    if (mode === "fail") {
      res.writeHead(503).end("down for maintenance");
      return;
    }
    const etag = `"${Buffer.from(body).length}"`;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { etag, "content-type": "application/rss+xml" }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await stopJobQueue();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const at = (t0: Date, seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe("feed configuration", () => {
  it("is for admins only, and every change is audited", async () => {
    const input = { name: "Meridian top", url: `${base}/top.rss`, intervalSeconds: 60, enabled: true };
    await expect(createFeed(staff.editor, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createFeed(staff.reporter, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createFeed(null, input)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const { id } = await createFeed(staff.admin, input, { ip: "203.0.113.9" });
    await expect(createFeed(staff.admin, input)).rejects.toMatchObject({ code: "CONFLICT" });
    await updateFeed(staff.admin, id, { ...input, intervalSeconds: 120 });
    await expect(updateFeed(staff.editor, id, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const audit = await db().auditLog.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["feed.create", "feed.update"]);
    expect(audit[0]).toMatchObject({ actorId: staff.admin.id, ip: "203.0.113.9" });
    expect(audit[1]!.meta).toMatchObject({ changed: ["intervalSeconds"] });
    await deleteFeed(staff.admin, id);
    expect(await findFeed(db(), id)).toBeNull();
    expect(await db().auditLog.count({ where: { targetId: id, action: "feed.delete" } })).toBe(1);
  });

  it("refuses unsafe URLs when saving", async () => {
    // (127.0.0.1 is allow-listed in this file; 127.0.0.1:5432 without the list is tested in fetch-feed.test.ts.)
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]:5432/",
      "file:///etc/passwd",
      "http://10.0.0.5/feed",
      "http://user:pw@example.com/",
    ]) {
      await expect(createFeed(staff.admin, { name: "bad", url, intervalSeconds: 60, enabled: true })).rejects.toMatchObject({
        code: "VALIDATION",
      });
    }
    await expect(
      createFeed(staff.admin, { name: "x", url: "not a url", intervalSeconds: 60, enabled: true }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      createFeed(staff.admin, { name: "x", url: `${base}/a`, intervalSeconds: 5, enabled: true }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("feed polling", () => {
  it("imports, then uses a conditional GET (304), backs off on failure and records health", async () => {
    const { id } = await createFeed(staff.admin, {
      name: "Meridian poll",
      url: `${base}/poll.rss`,
      intervalSeconds: 60,
      enabled: true,
    });
    const t0 = new Date();
    hits = 0;

    const first = await pollFeedJob(id, t0);
    expect(first).toEqual({ status: "imported", itemsAdded: 5 });
    let feed = (await findFeed(db(), id))!;
    expect(feed).toMatchObject({ itemsReceived: 5, consecutiveErrors: 0, etag: `"${Buffer.from(rss).length}"` });
    expect(feed.lastSuccessAt).not.toBeNull();
    expect(
      await db().auditLog.count({
        where: { action: "wire.import", actorId: null, meta: { path: ["via"], equals: `feed:${id}` } },
      }),
    ).toBe(5);

    // Not due yet: no request at all.
    expect(await pollFeedJob(id, at(t0, 30))).toEqual({ status: "not-due" });
    expect(hits).toBe(1);

    // Due: the server sees our ETag and answers 304; nothing is imported.
    expect(await pollFeedJob(id, at(t0, 61))).toEqual({ status: "not-modified", itemsAdded: 0 });
    expect(conditional.at(-1)).toBe(feed.etag);
    feed = (await findFeed(db(), id))!;
    expect(feed.itemsReceived).toBe(5);

    // The feed grows by one item: only that item is new (the others are redeliveries).
    body = rss.replace(
      "</channel>",
      `<item><title>Riga opens a night library</title><link>https://news.meridian.example/riga-night-library</link><description>RIGA - The city library will open until midnight from December.</description><guid>https://news.meridian.example/riga-night-library</guid><pubDate>Wed, 25 Nov 2026 17:00:00 GMT</pubDate></item></channel>`,
    );
    expect(await pollFeedJob(id, at(t0, 122))).toEqual({ status: "imported", itemsAdded: 1 });
    feed = (await findFeed(db(), id))!;
    expect(feed.itemsReceived).toBe(6);

    // Failures: recorded on the feed, and the next poll waits twice, then four times, the interval.
    mode = "fail";
    const failed = await pollFeedJob(id, at(t0, 183));
    expect(failed).toMatchObject({ status: "error", message: expect.stringMatching(/HTTP 503/) });
    feed = (await findFeed(db(), id))!;
    expect(feed).toMatchObject({ consecutiveErrors: 1, lastError: expect.stringMatching(/HTTP 503/) });
    expect(feed.lastErrorAt).not.toBeNull();
    expect(await pollFeedJob(id, at(t0, 183 + 61))).toEqual({ status: "not-due" });
    expect((await pollFeedJob(id, at(t0, 183 + 121))).status).toBe("error");
    expect(await pollFeedJob(id, at(t0, 304 + 200))).toEqual({ status: "not-due" });
    const health = (await listFeedsForAdmin(staff.admin)).find((f) => f.id === id)!;
    expect(health.status).toBe("failing");
    expect(health.nextPollAt!.getTime()).toBe(at(t0, 304 + 240).getTime());

    // Recovery resets the streak.
    mode = "ok";
    expect((await pollFeedJob(id, at(t0, 304 + 241))).status).toBe("not-modified");
    feed = (await findFeed(db(), id))!;
    expect(feed.consecutiveErrors).toBe(0);
    expect(feed.lastError).toMatch(/HTTP 503/); // the last error stays visible
  });

  it("polls once when two workers are woken for the same feed at the same time", async () => {
    const { id } = await createFeed(staff.admin, { name: "Race", url: `${base}/race.rss`, intervalSeconds: 60, enabled: true });
    hits = 0;
    const now = new Date();
    const results = await Promise.all([pollFeedJob(id, now), pollFeedJob(id, now), pollFeedJob(id, now)]);
    expect(results.filter((r) => r.status === "lost-claim")).toHaveLength(2);
    expect(hits).toBe(1);
  });

  it("records SSRF refusals as feed errors: a redirect to the metadata address", async () => {
    const { id } = await createFeed(staff.admin, {
      name: "Sneaky",
      url: `${base}/redirect-to-metadata`,
      intervalSeconds: 60,
      enabled: true,
    });
    const result = await pollFeedJob(id, new Date());
    expect(result).toMatchObject({
      status: "error",
      message: expect.stringMatching(/169\.254\.169\.254.*loopback, private, link-local/),
    });
    const feed = (await findFeed(db(), id))!;
    expect(feed.lastError).toMatch(/169\.254\.169\.254/);
  });

  it("records a feed whose name resolves to loopback (not allow-listed) as blocked", async () => {
    const port = (server.address() as AddressInfo).port;
    const { id } = await createFeed(staff.admin, {
      name: "By name",
      url: `http://localhost:${port}/x.rss`,
      intervalSeconds: 60,
      enabled: true,
    });
    const result = await pollFeedJob(id, new Date());
    expect(result).toMatchObject({
      status: "error",
      message: expect.stringMatching(/localhost resolves to .*WIREDESK_FEED_ALLOW_HOSTS/),
    });
  });

  it("does not poll a disabled feed", async () => {
    const { id } = await createFeed(staff.admin, { name: "Off", url: `${base}/off.rss`, intervalSeconds: 60, enabled: false });
    hits = 0;
    expect(await pollFeedJob(id, new Date())).toEqual({ status: "gone" });
    expect(hits).toBe(0);
  });
});
