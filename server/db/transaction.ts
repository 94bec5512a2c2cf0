import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { getDb, type Tx, type Dialect } from "./client";
import { exclusive } from "./sqlite-writer";

export type TxContext = { tx: Tx; dialect: Dialect; afterCommit: (fn: () => void) => void };

const RETRIES = 5;

/**
 * Runs `fn` in one database transaction. With `lockWorkspace`, writers of one workspace are
 * serialised first (the audit chain has one head per workspace): SQLite serialises every
 * writer anyway; on PostgreSQL a transaction-scoped advisory lock does it across instances.
 * Transient lock conflicts are retried; callbacks registered with afterCommit run only once
 * the data is durable. On SQLite the transaction also takes its turn on the process's one
 * connection with the group-committed hot-path writes (sqlite-writer.ts).
 */
export async function runTransaction<T>(fn: (ctx: TxContext) => Promise<T>, options: { lockWorkspace?: string } = {}): Promise<T> {
  const { dialect } = await getDb();
  const attempt = () => transactionWithRetries(fn, options);
  return inLocalQueue(options.lockWorkspace, dialect === "sqlite" ? () => exclusive(attempt) : attempt);
}

// Writers of one workspace in this process wait here, before taking a pooled connection: else,
// under contention, every pooled connection can sit blocked on the advisory lock while reads
// wait for a connection.
// The advisory lock still orders writers across processes.
const localQueues = new Map<string, Promise<unknown>>();
const heldQueues = new AsyncLocalStorage<ReadonlySet<string>>();

async function inLocalQueue<T>(key: string | undefined, fn: () => Promise<T>): Promise<T> {
  // A transaction started from inside another one of the same workspace must not wait for itself.
  if (!key || heldQueues.getStore()?.has(key)) return fn();
  const previous = localQueues.get(key) ?? Promise.resolve();
  const held = new Set([...(heldQueues.getStore() ?? []), key]);
  const run = previous.then(() => heldQueues.run(held, fn));
  const tail = run.catch(() => undefined);
  localQueues.set(key, tail);
  try {
    return await run;
  } finally {
    if (localQueues.get(key) === tail) localQueues.delete(key);
  }
}

async function transactionWithRetries<T>(fn: (ctx: TxContext) => Promise<T>, options: { lockWorkspace?: string }): Promise<T> {
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
