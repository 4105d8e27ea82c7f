import { transaction } from "@/lib/db/client";
import { findUserByEmail, insertUser, userSlugTaken } from "@/lib/db/users";
import { hashPassword } from "@/lib/auth/password";
import { slugify } from "@/lib/slug";
import type { Actor, Role } from "@/lib/authz/policy";

/**
 * Factories shared by the seed and the tests, so both build data the same way
 * (through the same data-access functions the services use).
 */
export async function createUser(input: { email: string; name: string; role: Role; password: string }): Promise<Actor> {
  const passwordHash = await hashPassword(input.password);
  return transaction(async (tx) => {
    const existing = await findUserByEmail(tx, input.email);
    if (existing) return { id: existing.id, email: existing.email, name: existing.name, role: existing.role };
    const base = slugify(input.name, 60);
    let slug = base;
    for (let n = 2; await userSlugTaken(tx, slug); n++) slug = `${base}-${n}`;
    const user = await insertUser(tx, {
      email: input.email.toLowerCase(),
      name: input.name,
      slug,
      role: input.role,
      passwordHash,
    });
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  });
}
