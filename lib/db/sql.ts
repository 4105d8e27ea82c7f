import "server-only";
import type { Pool, PoolClient } from "pg";
import { pgPool, type Tx } from "./client";

/**
 * Plain SQL with $1… parameters, run either in a Prisma transaction or on a node-postgres
 * connection of the same pool inside BEGIN … COMMIT. For bulk writes (wire import) where
 * Prisma's per-statement work (its parameters are serialized to JSON and through its query
 * compiler) costs more CPU than Postgres spends storing the rows.
 *
 * Parameters are strings, numbers, booleans, null, Buffers (bytea) and arrays of strings;
 * dates go in as ISO 8601 strings and come out as text (node-postgres would read a
 * `timestamp` in the machine's time zone), so casts in the SQL say what each one is.
 */
export type Sql = { query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]> };

export function sqlInTx(tx: Tx): Sql {
  return { query: <T>(text: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(text, ...params) };
}

function sqlOnClient(client: PoolClient): Sql {
  return { query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[] };
}

/**
 * `fn` in a transaction on a connection of its own (from the pool Prisma uses, so against
 * the single-connection embedded database the two take turns). Commits what `fn` wrote
 * unless it throws; `fn` must not call Prisma (with one connection that would wait forever).
 * `pool` is for tests that play a second app instance with a pool of its own.
 */
export async function pgTransaction<T>(fn: (sql: Sql) => Promise<T>, pool: Pool = pgPool()): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await fn(sqlOnClient(client));
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => (broken = true));
    throw e;
  } finally {
    // A connection whose ROLLBACK failed is in an unknown state: closed, not reused.
    client.release(broken);
  }
}

/**
 * Runs `fn` inside a savepoint: if it throws, what it wrote is rolled back and the
 * transaction stays usable (Postgres refuses every further statement of a transaction after
 * an error unless it returns to a savepoint).
 */
export async function withSavepoint<T>(sql: Sql, name: string, fn: () => Promise<T>): Promise<T> {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`bad savepoint name ${name}`);
  await sql.query(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await sql.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (e) {
    await sql.query(`ROLLBACK TO SAVEPOINT ${name}`);
    await sql.query(`RELEASE SAVEPOINT ${name}`);
    throw e;
  }
}

/** `($1, $2, …), ($n, …)` for rows of `width` values, with a cast per column where given. */
export function valuesList(rows: number, casts: readonly string[], offset = 0): string {
  const width = casts.length;
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = casts.map((cast, c) => `$${offset + r * width + c + 1}${cast ? `::${cast}` : ""}`);
    out.push(`(${cells.join(", ")})`);
  }
  return out.join(", ");
}
