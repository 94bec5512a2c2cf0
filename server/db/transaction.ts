import "server-only";
import { getDb, type Tx, type Dialect } from "./client";

export type TxContext = { tx: Tx; dialect: Dialect; afterCommit: (fn: () => void) => void };

const RETRIES = 5;

/**
 * Runs `fn` in one database transaction. With `lockWorkspace`, writers of one workspace are
 * serialised first (the audit chain has one head per workspace): SQLite serialises every
 * writer anyway; on PostgreSQL a transaction-scoped advisory lock does it across instances.
 * Transient lock conflicts are retried; callbacks registered with afterCommit run only once
 * the data is durable.
 */
export async function runTransaction<T>(fn: (ctx: TxContext) => Promise<T>, options: { lockWorkspace?: string } = {}): Promise<T> {
  const { db, dialect } = await getDb();
  for (let attempt = 1; ; attempt++) {
    const callbacks: (() => void)[] = [];
    try {
      const result = await db.$transaction(
        async (tx) => {
          if (options.lockWorkspace && dialect === "postgresql") {
            await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${options.lockWorkspace}, 0))`;
          }
          return fn({ tx, dialect, afterCommit: (cb) => callbacks.push(cb) });
        },
        { maxWait: 60_000, timeout: 60_000 },
      );
      for (const cb of callbacks) {
        try {
          cb();
        } catch (error) {
          console.error("afterCommit callback failed", error);
        }
      }
      return result;
    } catch (error) {
      if (attempt < RETRIES && isTransient(error)) continue;
      throw error;
    }
  }
}

function isTransient(error: unknown): boolean {
  const text = String((error as { message?: string })?.message ?? error);
  return /SQLITE_BUSY|database is locked|could not serialize|deadlock detected|40001|40P01/i.test(text);
}
