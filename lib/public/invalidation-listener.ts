import { randomBytes } from "node:crypto";
import pg from "pg";
import { incrementCounter } from "../metrics/counters";
import { CHANNEL } from "./cache-keys";

/**
 * The one LISTEN connection through which an instance hears that public content changed
 * (services pg_notify in their transaction: lib/public/invalidate.ts). Used by
 * scripts/server.ts; no Next.js imports.
 *
 * Never stale, whatever the connection does: a connection can die loudly (an error, the
 * backend terminated, Postgres restarted) or silently (a hung backend, a dropped NAT entry,
 * a paused proxy: no error, just no more notifications). So the instance notifies itself on
 * a channel of its own every `heartbeatMs` (1 s) over this very connection and expects to hear
 * it back; a beat not heard within `beatTimeoutMs` (2 s; so silence is noticed within ~3.25 s), an error or the connection ending all mean
 * notifications may have been missed. Then `onDeaf` runs at once (the server drops its whole
 * cache and every in-flight render's right to be stored, and stores nothing until it hears
 * again), the connection is destroyed, and a new one is made at once, then after 250 ms,
 * 500 ms, 1 s, and every `maxBackoffMs` (2 s) while it keeps failing. `onListening` runs when
 * a new connection is LISTENing (the server clears once more: whatever was rendered while
 * deaf is not kept). Each event is logged and counted (lib/metrics/counters.ts).
 */
export type InvalidationListenerOptions = {
  databaseUrl: string;
  onInvalidate: (keys: string[]) => void;
  onDeaf: (reason: string) => void;
  onListening: () => void;
  heartbeatMs?: number;
  beatTimeoutMs?: number;
  maxBackoffMs?: number;
  connectTimeoutMs?: number;
  log?: (message: string, error?: unknown) => void;
};

export type InvalidationListener = {
  readonly listening: boolean;
  stop: () => Promise<void>;
};

export const LISTENER_APPLICATION_NAME = "wiredesk-public-cache";

export function startInvalidationListener(opts: InvalidationListenerOptions): InvalidationListener {
  const heartbeatMs = opts.heartbeatMs ?? 1_000;
  const beatTimeoutMs = opts.beatTimeoutMs ?? 2_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 2_000;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 2_000;
  const log = opts.log ?? ((message, error) => console.error(`Public cache: ${message}`, error ?? ""));
  const beatChannel = `wiredesk_beat_${randomBytes(6).toString("hex")}`;

  let stopped = false;
  let listening = false;
  let failures = 0;
  let current: { client: pg.Client; timer: NodeJS.Timeout | undefined; lose: (reason: string, error?: unknown) => void } | null =
    null;

  const connect = () => {
    if (stopped) return;
    const client = new pg.Client({
      connectionString: opts.databaseUrl,
      application_name: LISTENER_APPLICATION_NAME,
      connectionTimeoutMillis: connectTimeoutMs,
      keepAlive: true,
    });
    const sent = new Map<number, number>();
    let seq = 0;
    let lost = false;
    let timer: NodeJS.Timeout | undefined;

    const lose = (reason: string, error?: unknown) => {
      if (lost) return;
      lost = true;
      clearInterval(timer);
      const wasListening = listening;
      listening = false;
      if (current?.client === client) current = null;
      const cut = () => {
        // A hung backend never answers end(): cut the socket.
        (client as unknown as { connection?: { stream?: { destroy: () => void } } }).connection?.stream?.destroy();
        client.end().catch(() => {});
      };
      if (stopped) {
        cut();
        return;
      }
      if (reason === "missed heartbeat") incrementCounter("wiredesk_listen_heartbeats_missed_total");
      else incrementCounter("wiredesk_listen_errors_total");
      if (wasListening || failures === 0) {
        incrementCounter("wiredesk_public_cache_drops_total");
        opts.onDeaf(reason);
      }
      log(`invalidation connection lost (${reason}); cache dropped, reconnecting`, error);
      cut();
      const delay = failures === 0 ? 0 : Math.min(250 * 2 ** (failures - 1), maxBackoffMs);
      failures++;
      setTimeout(connect, delay).unref();
    };
    current = { client, timer, lose };

    client.on("error", (error) => lose("error", error));
    client.on("end", () => lose("connection ended"));
    client.on("notification", (msg) => {
      if (msg.channel === beatChannel) {
        const heard = Number(msg.payload);
        for (const s of sent.keys()) if (s <= heard) sent.delete(s);
        failures = 0;
        return;
      }
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        const { keys } = JSON.parse(msg.payload) as { keys?: unknown };
        if (Array.isArray(keys)) opts.onInvalidate(keys.filter((k): k is string => typeof k === "string"));
      } catch (error) {
        log("bad invalidation payload", error);
      }
    });

    void (async () => {
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
        await client.query(`LISTEN ${beatChannel}`);
      } catch (error) {
        lose("connect failed", error);
        return;
      }
      if (lost || stopped) return;
      if (failures > 0) incrementCounter("wiredesk_listen_reconnects_total");
      listening = true;
      // Notifications sent while nobody listened are lost: start from nothing.
      opts.onListening();
      // Checked every 250 ms, so a silent connection is noticed within heartbeat + timeout + 0.25 s.
      let lastBeat = Date.now();
      timer = setInterval(
        () => {
          const now = Date.now();
          for (const at of sent.values()) {
            if (now - at > beatTimeoutMs) {
              lose("missed heartbeat");
              return;
            }
          }
          // One beat at a time: a query queued behind a hung one proves nothing.
          if (sent.size > 0 || now - lastBeat < heartbeatMs) return;
          lastBeat = now;
          const s = ++seq;
          sent.set(s, now);
          client
            .query("SELECT pg_notify($1, $2)", [beatChannel, String(s)])
            .catch((error: unknown) => lose("heartbeat failed", error));
        },
        Math.min(250, heartbeatMs),
      );
      timer.unref();
      if (current?.client === client) current.timer = timer;
    })();
  };

  connect();
  return {
    get listening() {
      return listening;
    },
    async stop() {
      stopped = true;
      const c = current;
      if (c) {
        clearInterval(c.timer);
        c.lose("stopped");
      }
    },
  };
}
