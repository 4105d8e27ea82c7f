import { readFile } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { createUser } from "@/prisma/factories";
import type { Actor, Role } from "@/lib/authz/policy";
import { importWireFiles } from "@/lib/services/wire-import";

export const FIXTURES = path.resolve(import.meta.dirname, "fixtures/wire");

/** One fresh user per role (unique emails, so test files never collide). */
export async function makeStaff(): Promise<Record<"admin" | "editor" | "reporter" | "reporter2", Actor>> {
  const run = randomUUID().slice(0, 8);
  const make = (role: Role, name: string) =>
    createUser({ email: `${name}-${run}@test.example`, name: `${name} ${run}`, role, password: "correct horse battery" });
  return {
    admin: await make("ADMIN", "admin"),
    editor: await make("EDITOR", "editor"),
    reporter: await make("REPORTER", "reporter"),
    reporter2: await make("REPORTER", "reporter2"),
  };
}

export async function fixtureFile(relPath: string, name = path.basename(relPath)) {
  return { name, bytes: new Uint8Array(await readFile(path.join(FIXTURES, relPath))) };
}

/** Imports one fixture and returns its first outcome (throws when it failed). */
export async function importFixture(actor: Actor, relPath: string) {
  const [report] = await importWireFiles(actor, [await fixtureFile(relPath)]);
  const outcome = report?.outcomes[0];
  if (!outcome || outcome.status === "failed") throw new Error(`import of ${relPath} failed: ${JSON.stringify(outcome)}`);
  return outcome;
}

/** A unique variant of a plain-text fixture, so repeated tests create new items. */
export function uniquePlaintext(lede: string) {
  const tag = randomUUID().slice(0, 8);
  const text = ` date 2026-11-27 \n\nOSLO (dpa-AFX) - ${lede} Reference ${tag}.\n\n\n\nA second paragraph for ${tag}.\n\n\n\nCopyright RTT News/dpa-AFX`;
  return { name: `unique-${tag}.txt`, bytes: new TextEncoder().encode(text) };
}

/** "2026-12-01 06:00 UTC": how agencies write an embargo line (minute precision). */
export function agencyUtc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * A plain-text agency story embargoed until `until` (build it relative to now, so the test
 * means the same on any date). Unique per call, so repeated tests create new wire items.
 */
export function embargoedPlaintext(until: Date, headline = "Survey finds commuters working from home") {
  const tag = randomUUID().slice(0, 8);
  const text =
    `EMBARGOED UNTIL ${agencyUtc(until)}\n\n${headline}\n\n` +
    `BRUSSELS (MWS) - One in four commuters now works from home two days a week, a survey found. Reference ${tag}.\n\n` +
    `The survey of 24,000 employees found hybrid working most common in capital-city regions.\n\n` +
    `Copyright Meridian Wire Service`;
  return { name: `embargoed-${tag}.txt`, bytes: new TextEncoder().encode(text) };
}
