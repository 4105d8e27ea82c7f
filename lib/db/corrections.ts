import "server-only";
import type { Tx } from "./client";
import { db } from "./client";

export function insertCorrection(tx: Tx, data: { storyId: string; note: string; authorId: string | null }) {
  return tx.correction.create({ data, select: { id: true, createdAt: true } });
}

export function listCorrections(storyId: string) {
  return db().correction.findMany({
    where: { storyId },
    orderBy: { createdAt: "asc" },
    select: { id: true, note: true, createdAt: true, author: { select: { name: true } } },
  });
}
