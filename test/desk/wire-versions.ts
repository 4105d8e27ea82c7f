import { randomUUID } from "node:crypto";
import { importWireFiles } from "@/lib/services/wire-import";
import type { Actor } from "@/lib/authz/policy";

/** A ninjs item with a fresh URI, so each test gets its own wire item and can send versions of it. */
export function makeWireItem(headline: string) {
  const uri = `https://wire.test.example/items/${randomUUID()}`;
  let version = 0;
  return {
    uri,
    async send(actor: Actor, paragraphs: string[], opts: { headline?: string; pubstatus?: string } = {}) {
      version++;
      const item = {
        uri,
        type: "text",
        version: String(version),
        versioncreated: new Date(Date.UTC(2026, 10, 27, 10, version)).toISOString(),
        pubstatus: opts.pubstatus ?? "usable",
        language: "en",
        headline: opts.headline ?? headline,
        byline: "By Test Reporter",
        body_html: paragraphs.map((p) => `<p>${p}</p>`).join(""),
      };
      const [report] = await importWireFiles(actor, [
        { name: `item-${version}.json`, bytes: new TextEncoder().encode(JSON.stringify(item)) },
      ]);
      const outcome = report?.outcomes[0];
      if (!outcome || outcome.status === "failed") throw new Error(`import failed: ${JSON.stringify(outcome)}`);
      return outcome;
    },
  };
}
