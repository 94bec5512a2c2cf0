import "server-only";
import { errorSummary } from "../http/error-summary";
import { AsyncLocalStorage } from "node:async_hooks";
import { getDb, type Tx, type Dialect } from "./client";
import { exclusive } from "./sqlite-writer";
import { TAKE_WRITE_LOCK } from "./take-write-lock";
import { processState } from "../process-state";

export type TxContext = { tx: Tx; dialect: Dialect; afterCommit: (fn: () => void) => void };

const RETRIES = 5;

/**
 * Runs `fn` in one database transaction. With `lockWorkspace`, writers of one workspace are
 * serialised first (the audit chain has one head per workspace): SQLite serialises every
 * writer anyway (each transaction holds the write lock from its start); on PostgreSQL a
 * transaction-scoped advisory lock does it across instances. Transient lock conflicts are
 * retried; callbacks registered with afterCommit run only once the data is durable. On SQLite
 * the transaction also takes its turn on the process's one connection with the group-committed
 * hot-path writes (sqlite-writer.ts).
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
const localQueues = processState("transaction-queues", () => new Map<string, Promise<unknown>>());
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
          // The write lock first, as BEGIN IMMEDIATE would (take-write-lock.ts).
          if (dialect === "sqlite") await tx.$executeRawUnsafe(TAKE_WRITE_LOCK);
          return fn({ tx, dialect, afterCommit: (cb) => callbacks.push(cb) });
        },
        { maxWait: 60_000, timeout: 60_000 },
      );
      for (const cb of callbacks) {
        try {
          cb();
        } catch (error) {
          console.error(`afterCommit callback failed: ${errorSummary(error)}`);
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
  // Prisma 7's SQLite adapter reports SQLITE_BUSY (and BUSY_SNAPSHOT: a deferred transaction whose snapshot went
  // stale before its first write) as P1008 "Operations timed out", without the SQLite code in the message.
  if ((error as { code?: string })?.code === "P1008") return true;
  const text = String((error as { message?: string })?.message ?? error);
  return /SQLITE_BUSY|database is locked|could not serialize|deadlock detected|40001|40P01/i.test(text);
}
