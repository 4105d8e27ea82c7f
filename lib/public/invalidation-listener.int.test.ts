// The LISTEN connection's liveness, on a real Postgres: kill its backend, freeze it (a TCP
// proxy in this test stops passing bytes, as a hung backend or a dead NAT entry would), cut
// and refuse connections for 8 s (a Postgres restart, seen from the app, without restarting
// the shared server), and measure time-to-fresh. Skipped on the embedded PGlite (no LISTEN connection there).
// Fails without the protection (checked once): with the heartbeat off (heartbeatMs: 1e9) the
// frozen connection keeps the stale entry forever ("frozen" test); with clear() not taking
// in-flight renders' right to be stored (the old keyGeneration-only clear), the in-flight test
// stores a pre-change render; with the back-off capped at 30 s (maxBackoffMs: 30_000) the
// restart test hears again only ~7.75 s after the server is back.
import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { counterValue } from "@/lib/metrics/counters";
import { CHANNEL } from "./cache-keys";
import { LISTENER_APPLICATION_NAME, startInvalidationListener, type InvalidationListener } from "./invalidation-listener";
import { PublicCache, type Entry } from "./page-cache";

const onPglite = env().DATABASE_POOL_MAX === 1 || env().WIREDESK_EMBEDDED === "1";

/** A TCP proxy to Postgres that can stop passing bytes (both ways, new connections too). */
function freezableProxy(target: { host: string; port: number }) {
  let frozen = false;
  let down = false;
  const held: (() => void)[] = [];
  const sockets = new Set<net.Socket>();
  const pass = (from: net.Socket, to: net.Socket) =>
    from.on("data", (chunk) => {
      if (frozen) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
  const server = net.createServer((client) => {
    if (down) {
      client.destroy(); // refused, as while Postgres restarts
      return;
    }
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    pass(client, upstream);
    pass(upstream, client);
  });
  return {
    listen: () => new Promise<number>((r) => server.listen(0, "127.0.0.1", () => r((server.address() as net.AddressInfo).port))),
    freeze: () => void (frozen = true),
    /** Like a Postgres restart: every connection is cut, new ones refused until up(). */
    down: () => {
      down = true;
      for (const s of sockets) s.destroy();
    },
    up: () => void (down = false),
    thaw: () => {
      frozen = false;
      for (const f of held.splice(0)) f();
    },
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

const entry = (keys: string[]): Entry => ({
  status: 200,
  headers: {},
  body: Buffer.from("old"),
  gzip: null,
  etag: '"x"',
  keys,
  storedAt: Date.now(),
});

async function waitFor(what: string, fn: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await fn()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(onPglite)("the invalidation listener's liveness (real Postgres)", () => {
  let admin: pg.Client;
  let proxy: ReturnType<typeof freezableProxy>;
  let cache: PublicCache;
  let listener: InvalidationListener;
  const events: string[] = [];

  const notify = (keys: string[]) => admin.query("SELECT pg_notify($1, $2)", [CHANNEL, JSON.stringify({ keys })]);
  /** Fresh = the listener hears invalidations again: a probe entry is evicted by a notify. */
  const hearsAgain = async (timeoutMs: number) => {
    await waitFor("listening again", () => listener.listening, timeoutMs);
    const probe = `/probe-${Date.now()}`;
    expect(cache.set(probe, entry([`story:${probe}`]), cache.currentGeneration)).toBe(true);
    await notify([`story:${probe}`]);
    await waitFor("probe evicted", () => cache.get(probe) === undefined, 1_000);
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: env().DATABASE_URL });
    await admin.connect();
    const url = new URL(env().DATABASE_URL);
    proxy = freezableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${await proxy.listen()}`;
    cache = new PublicCache();
    cache.suspend();
    listener = startInvalidationListener({
      databaseUrl: url.toString(),
      onInvalidate: (keys) => cache.invalidate(keys),
      onDeaf: (reason) => {
        events.push(`deaf: ${reason}`);
        cache.suspend();
      },
      onListening: () => {
        events.push("listening");
        cache.resume();
      },
      log: (m) => events.push(m),
    });
    await waitFor("first LISTEN", () => listener.listening, 10_000);
  });

  afterAll(async () => {
    await listener?.stop();
    proxy?.close();
    await admin?.end();
  });

  it("its backend killed: the cache is dropped at once, nothing is stored while deaf, fresh again within 5 s", async () => {
    expect(cache.set("/a", entry(["story:a"]), cache.currentGeneration)).toBe(true);
    const errors = counterValue("wiredesk_listen_errors_total");
    const killed = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
      [LISTENER_APPLICATION_NAME],
    );
    expect(killed.rowCount).toBe(1);
    const faultEnded = Date.now(); // a kill is over when it happens: Postgres takes connections at once
    await notify(["story:a"]); // a change nobody listens for
    const dropped = await waitFor("stale entry dropped", () => cache.get("/a") === undefined, 5_000);
    await hearsAgain(5_000);
    const fresh = Date.now() - faultEnded;
    console.log(`kill: stale entry dropped after ${dropped} ms; hearing invalidations again ${fresh} ms after the kill`);
    expect(fresh).toBeLessThanOrEqual(5_000);
    expect(counterValue("wiredesk_listen_errors_total")).toBeGreaterThan(errors);
  });

  it("its connection frozen: a missed heartbeat drops the cache; nothing is stored while frozen; fresh within 5 s of the thaw", async () => {
    expect(cache.set("/b", entry(["story:b"]), cache.currentGeneration)).toBe(true);
    const missed = counterValue("wiredesk_listen_heartbeats_missed_total");
    proxy.freeze();
    const frozeAt = Date.now();
    await notify(["story:b"]); // committed, but the notification is stuck in the frozen connection
    const detected = await waitFor("stale entry dropped", () => cache.get("/b") === undefined, 5_000);
    expect(counterValue("wiredesk_listen_heartbeats_missed_total")).toBe(missed + 1);
    // Still frozen (reconnects hang too): nothing may be stored meanwhile.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(listener.listening).toBe(false);
    expect(cache.set("/c", entry(["story:c"]), cache.currentGeneration)).toBe(false);
    proxy.thaw();
    const thawedAt = Date.now();
    await hearsAgain(5_000);
    const fresh = Date.now() - thawedAt;
    console.log(
      `freeze: stale entry dropped ${detected} ms after the change (${Date.now() - frozeAt} ms frozen in all); fresh ${fresh} ms after the thaw`,
    );
    expect(fresh).toBeLessThanOrEqual(5_000);
  });

  it("the server restarting (connections cut, refused for 8 s): dropped at once, fresh within 5 s of its return", async () => {
    expect(cache.set("/e", entry(["story:e"]), cache.currentGeneration)).toBe(true);
    const reconnects = counterValue("wiredesk_listen_reconnects_total");
    proxy.down();
    await notify(["story:e"]); // committed while this instance cannot listen
    const dropped = await waitFor("stale entry dropped", () => cache.get("/e") === undefined, 5_000);
    // Long enough for a doubling back-off to have grown past 5 s (0.25, 0.5, 1, 2, 4, 8 s…);
    // capped at 2 s, the next attempt is never more than 2 s away.
    await new Promise((r) => setTimeout(r, 8_000));
    expect(cache.set("/f", entry(["story:f"]), cache.currentGeneration)).toBe(false);
    proxy.up();
    const upAt = Date.now();
    await hearsAgain(5_000);
    const fresh = Date.now() - upAt;
    console.log(`restart: stale entry dropped after ${dropped} ms; fresh ${fresh} ms after the server came back`);
    expect(fresh).toBeLessThanOrEqual(5_000);
    expect(counterValue("wiredesk_listen_reconnects_total")).toBeGreaterThan(reconnects);
  });

  it("a render in flight across a reconnect may not be stored, even for a URL never cached", async () => {
    const startedAt = cache.currentGeneration; // the render reads the database now…
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
      [LISTENER_APPLICATION_NAME],
    );
    await notify(["story:d"]); // …a change it did not see commits, unheard…
    await waitFor("deaf", () => !listener.listening, 5_000);
    await waitFor("listening again", () => listener.listening, 5_000);
    // …and its result arrives after the reconnect: refused.
    expect(cache.set("/d", entry(["story:d"]), startedAt)).toBe(false);
    expect(cache.set("/d", entry(["story:d"]), cache.currentGeneration)).toBe(true);
  });
});
