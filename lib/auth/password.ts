import { hash, verify } from "@node-rs/argon2";
import { AppError } from "@/lib/errors";

/** argon2id, 19 MiB, t=2, p=1: OWASP's minimum recommended profile. */
const ARGON2 = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum, not importable under isolatedModules) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

// The most common passwords (and this product's obvious ones); refused outright.
const COMMON = new Set([
  "password",
  "password1",
  "password123",
  "12345678",
  "123456789",
  "1234567890",
  "qwerty123",
  "qwertyuiop",
  "iloveyou",
  "11111111",
  "00000000",
  "abc12345",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "welcome1",
  "letmein1",
  "admin123",
  "passw0rd",
  "trustno1",
  "superman",
  "1q2w3e4r",
  "zaq12wsx",
  "wiredesk",
  "newsroom",
  "changeme",
  "p@ssw0rd",
  "qwerty12",
  "monkey123",
]);

/** Returns a reason the password is refused, or null. Counts characters, not bytes; never truncates. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters`;
  if (COMMON.has(password.toLowerCase())) return "This password is too common; choose another";
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new AppError("VALIDATION", problem, { fieldErrors: { password: [problem] } });
  return hash(password.normalize("NFC"), ARGON2);
}

// A real hash to verify against when the account does not exist, so timing does not
// reveal which emails are registered.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if ([...password].length > PASSWORD_MAX) return false;
  if (!passwordHash) {
    dummyHash ??= hash("wiredesk-timing-equaliser", ARGON2);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password.normalize("NFC"));
  } catch {
    return false;
  }
}
