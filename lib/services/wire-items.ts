import "server-only";
import { getWireItemWithVersions, getWireVersionRaw } from "@/lib/db/wire";
import { assertCan, type Actor } from "@/lib/authz/policy";

/** Reads of stored wire items for the desk: one item with its versions, one original file. */

/** The item with every version received (newest first) and the stories made from each; null when unknown. */
export async function findWireItemForDesk(actor: Actor | null, id: string) {
  assertCan(actor, "wire.read");
  return getWireItemWithVersions(id);
}

/** The agency original of one version, byte for byte; null when unknown. */
export async function findWireOriginal(actor: Actor | null, versionId: string) {
  assertCan(actor, "wire.read");
  return getWireVersionRaw(versionId);
}
