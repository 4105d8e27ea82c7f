import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { disconnectDb } from "@/lib/db/client";
import { stopJobQueue } from "@/lib/jobs/queue";
import { findUserByEmail } from "@/lib/db/users";
import { db } from "@/lib/db/client";
import { importWireFiles } from "@/lib/services/wire-import";
import { createStoryFromWire, getStoryForDesk, saveStory, transitionStory } from "@/lib/services/stories";

import type { Role } from "@/lib/authz/policy";
import { loadMediaTopicVocabulary, setTagSection, type TagInput } from "@/lib/services/tags";
import { findTagByKindAndName } from "@/lib/db/tags";
import { settleStorySuggestions } from "@/lib/services/suggestions";
import { createUser } from "./factories";

export const DEMO_LOGINS: { role: Role; email: string; password: string; name: string }[] = [
  { role: "ADMIN", email: "admin@wiredesk.test", password: "wiredesk-admin", name: "Ada Admin" },
  { role: "EDITOR", email: "editor@wiredesk.test", password: "wiredesk-editor", name: "Eddie Editor" },
  { role: "REPORTER", email: "reporter@wiredesk.test", password: "wiredesk-reporter", name: "Rita Reporter" },
];

const SEED_WIRE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "seed-data", "wire");

// Stories the demo publishes (by seed file), with the standfirst and tags an editor would add.
// `ownByline`: the desk rewrote it, so it carries the editor's byline; the others stay
// credited to their agency.
const DEMO_PUBLISH: Record<string, { standfirst: string; tags: TagInput[]; ownByline?: boolean }> = {
  "dpa-afx-honduras-2019-08-28.txt": {
    standfirst: "Honduras and the United States agree to pursue smugglers and traffickers together after talks in Washington.",
    tags: [
      { kind: "PLACE", name: "Honduras" },
      { kind: "PLACE", name: "United States" },
      { kind: "KEYWORD", name: "Immigration" },
      { kind: "ORGANISATION", name: "Department of Homeland Security" },
    ],
  },
  "mws-harbour-ferries-2026-11-26.txt": {
    standfirst: "Four more vessels and 30 crew as ridership on the river lines rises by almost a fifth.",
    ownByline: true,
    tags: [{ kind: "KEYWORD", name: "Public transport" }],
  },
  "mws-library-night-hours-2026-11-25.txt": {
    standfirst: "After a pilot drew 11,000 late-night visits, four branches will open until midnight for six weeks.",
    tags: [{ kind: "KEYWORD", name: "Education" }],
  },
  "mws-alpine-glacier-survey-2026-11-24.txt": {
    standfirst: "Reference glaciers thinned by an average of 3.1 metres after a dry winter and an August heatwave.",
    tags: [
      { kind: "KEYWORD", name: "Climate change" },
      { kind: "PLACE", name: "Switzerland" },
    ],
  },
};

// The demo paper's sections (the masthead's navigation), as an editor would choose them.
const DEMO_SECTIONS = ["Climate change", "Public transport", "Immigration"];

export type SeedResult = { created: boolean; logins: { role: Role; email: string; password: string }[] };

/**
 * Seeds the database. Base data is always safe to re-run. Demo data (the three demo
 * logins, demo wire copy and published stories) is created only when `demo` is true:
 * npm start does so for the embedded database, `npm run db:seed -- --demo` on request.
 */
export async function seed(opts: { demo: boolean; databaseUrl?: string }): Promise<SeedResult> {
  if (opts.databaseUrl) process.env.DATABASE_URL = opts.databaseUrl;
  try {
    // Base data, every install: the IPTC Media Topics vocabulary (one bulk insert; a no-op once loaded).
    await loadMediaTopicVocabulary();
    if (!opts.demo) return { created: false, logins: [] };
    const already = await findUserByEmail(db(), DEMO_LOGINS[0]!.email);
    const logins = DEMO_LOGINS.map(({ role, email, password }) => ({ role, email, password }));
    if (already) return { created: false, logins };

    const users = [];
    for (const login of DEMO_LOGINS) users.push(await createUser(login));
    const editor = users.find((u) => u.role === "EDITOR")!;

    const names = (await readdir(SEED_WIRE_DIR)).filter((n) => !n.startsWith(".")).sort();
    const files = await Promise.all(
      names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(path.join(SEED_WIRE_DIR, name))) })),
    );
    const reports = await importWireFiles(editor, files);
    for (const report of reports) {
      const edit = DEMO_PUBLISH[report.file];
      const outcome = report.outcomes[0];
      if (!edit || !outcome || outcome.status === "failed") continue;
      const { id } = await createStoryFromWire(editor, outcome.versionId);
      const story = await getStoryForDesk(editor, id);
      await saveStory(editor, id, {
        baseVersion: story.version,
        headline: story.headline,
        standfirst: story.standfirst || edit.standfirst,
        byline: edit.ownByline ? editor.name : story.byline,
        datelinePlace: story.datelinePlace,
        body: story.body,
        tags: [...story.tags.map(({ tag }) => ({ kind: tag.kind, name: tag.name })), ...edit.tags],
      });
      await transitionStory(editor, id, "publish");
    }
    for (const [i, name] of DEMO_SECTIONS.entries()) {
      const tag = await findTagByKindAndName(db(), "KEYWORD", name);
      if (tag) await setTagSection(editor, tag.id, i + 1);
    }
    // Tag suggestions run in the background after each save; let them finish before disconnecting.
    await settleStorySuggestions();
    return { created: true, logins };
  } finally {
    // Publishing enqueues front-cache purges when front caches are configured, which starts
    // this process's job queue: stop it before its connections close, or its supervisor
    // keeps polling a closed pool.
    await stopJobQueue();
    await disconnectDb();
  }
}

// `tsx prisma/seed.ts [--demo]` (npm run db:seed) seeds the DATABASE_URL database.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const demo = process.argv.includes("--demo");
  seed({ demo })
    .then((r) => {
      console.log(r.created ? "Seeded." : "Nothing to seed (already seeded, or no --demo).");
      for (const l of r.logins) console.log(`  ${l.role.padEnd(8)} ${l.email} / ${l.password}`);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
