import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";

// Row ids in the shape of Prisma's @default(cuid()) (cuid v1: "c", time, counter,
// fingerprint, random; 25 characters of [0-9a-z]), for rows written by multi-row raw
// INSERTs, which do not go through Prisma's id generation. Unique across processes and
// machines by the fingerprint and 40 random bits; ordered by time like Prisma's.

const BASE = 36;
const pad = (s: string, n: number) => s.padStart(n, "0").slice(-n);
const fingerprint = pad(
  BigInt(`0x${createHash("sha256").update(`${process.pid} ${hostname()}`).digest("hex").slice(0, 12)}`).toString(BASE),
  4,
);
let counter = randomBytes(4).readUInt32BE() % BASE ** 4;

export function newId(): string {
  counter = (counter + 1) % BASE ** 4;
  const random = pad(BigInt(`0x${randomBytes(6).toString("hex")}`).toString(BASE), 8);
  return `c${pad(Date.now().toString(BASE), 8)}${pad(counter.toString(BASE), 4)}${fingerprint}${random}`;
}
