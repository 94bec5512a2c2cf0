import "server-only";
import { errorSummary } from "../http/error-summary";
import { AsyncLocalStorage } from "node:async_hooks";
import { prepared, type SqliteConnection } from "./sqlite-statements";
import { processState } from "../process-state";

/**
 * The SQLite write path. One process holds one better-sqlite3 connection (Prisma's adapter and
 * the hot-path statements share it), so every transaction on it must take turns:
 *
 * - `exclusive(fn)` runs an asynchronous (Prisma) transaction alone: runTransaction holds it.
 * - `sqliteWrite(connection, job)` runs a synchronous job. Jobs that arrive in the same turn of
 *   the event loop share one transaction (group commit); one job's error undoes only that
 *   job's writes (runBatch). A job's promise settles after COMMIT: nothing is
 *   acknowledged before it is durable. Sharing a transaction saves most of a write's cost, and a
 *   savepoint per job much of the rest (bench/README.md, "Where the code's choices were measured").
 *
 * A synchronous job runs start to finish with nothing interleaved, so it sees and writes a
 * consistent state without holding anything across an await.
 */
export type SqliteJob<T> = (connection: SqliteConnection, afterCommit: (callback: () => void) => void) => T;

type Pending = { job: SqliteJob<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };

const MAX_BATCH = 64;

// Per process, not per module copy: `npm start` loads this file twice (the API under tsx, the
// pages from Next's bundle), and both must take turns on the one connection (process state, as
// client.ts keeps the connection).
type State = {
  turn: Promise<unknown>;
  /** The turn being run, and the async context that runs it (see insideCurrentTurn). */
  current: symbol | null;
  context: AsyncLocalStorage<symbol>;
  /** Jobs waiting for the next batch, per connection (one in production; tests open more). */
  queues: WeakMap<SqliteConnection, { jobs: Pending[]; scheduled: boolean }>;
};
const state = processState<State>("sqlite-writer", () => ({
  turn: Promise.resolve(),
  current: null,
  context: new AsyncLocalStorage<symbol>(),
  queues: new WeakMap(),
}));

// Work started inside a turn keeps its async context after the turn ends (a timer, a listener):
// comparing with the current turn stops it from skipping the queue then.
const insideCurrentTurn = () => state.current !== null && state.context.getStore() === state.current;

/** Runs `fn` when no other transaction of this process is using the SQLite connection. */
export function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  if (insideCurrentTurn()) return fn(); // a nested call must not wait for itself
  const run = state.turn.then(() => {
    const token = Symbol("sqlite turn");
    state.current = token;
    return state.context.run(token, fn).finally(() => {
      state.current = null;
    });
  });
  state.turn = run.catch(() => undefined);
  return run;
}

export function sqliteWrite<T>(connection: SqliteConnection, job: SqliteJob<T>): Promise<T> {
  // The batch needs the turn this caller holds: it would wait for itself forever.
  if (insideCurrentTurn()) return Promise.reject(new Error("sqliteWrite called inside runTransaction; use the transaction's own path"));
  let queue = state.queues.get(connection);
  if (!queue) state.queues.set(connection, (queue = { jobs: [], scheduled: false }));
  const { jobs } = queue;
  const settled = new Promise<T>((resolve, reject) => jobs.push({ job, resolve: resolve as (value: unknown) => void, reject }));
  if (!queue.scheduled) {
    queue.scheduled = true;
    scheduleFlush(connection);
  }
  return settled;
}

// setImmediate runs after the requests read in this turn of the event loop have queued their
// jobs: they commit together.
const scheduleFlush = (connection: SqliteConnection) => setImmediate(() => void exclusive(async () => flush(connection)));

async function flush(connection: SqliteConnection): Promise<void> {
  // A transaction Prisma opened by itself (not through runTransaction) is still open: wait for it.
  while (connection.inTransaction) await new Promise((resolve) => setTimeout(resolve, 1));
  const queue = state.queues.get(connection)!;
  const batch = queue.jobs.splice(0, MAX_BATCH);
  queue.scheduled = queue.jobs.length > 0;
  if (queue.scheduled) scheduleFlush(connection);

  let outcomes: Outcome[];
  try {
    outcomes = runBatch(connection, batch, false) ?? runBatch(connection, batch, true)!;
  } catch (error) {
    // BEGIN or COMMIT failed (disk full, I/O error, another process holding the lock too long):
    // nothing of this batch is written, and every job hears why.
    if (connection.inTransaction) prepared(connection, "ROLLBACK").run();
    for (const pending of batch) pending.reject(error);
    return;
  }
  batch.forEach((pending, i) => {
    const outcome = outcomes[i];
    if (!outcome.ok) return pending.reject(outcome.error);
    pending.resolve(outcome.value);
    for (const callback of outcome.callbacks) {
      try {
        callback();
      } catch (error) {
        console.error(`afterCommit callback failed: ${errorSummary(error)}`);
      }
    }
  });
}

type Outcome = { ok: true; value: unknown; callbacks: (() => void)[] } | { ok: false; error: unknown };

/**
 * Runs the jobs in one transaction and commits it. Most failing jobs fail before they write
 * (a precondition, a 404), so jobs first run without savepoints (a real share of a job's cost):
 * when a job fails after writing, the whole transaction is rolled back and null returned, and
 * the caller runs the batch again with a savepoint around each job.
 */
function runBatch(connection: SqliteConnection, batch: Pending[], savepoints: boolean): Outcome[] | null {
  const changes = prepared(connection, "SELECT total_changes()").pluck();
  const outcomes: Outcome[] = [];
  prepared(connection, "BEGIN IMMEDIATE").run();
  for (const pending of batch) {
    if (savepoints) prepared(connection, "SAVEPOINT job").run();
    const before = savepoints ? 0 : (changes.get() as number);
    const callbacks: (() => void)[] = [];
    try {
      outcomes.push({ ok: true, value: pending.job(connection, (callback) => callbacks.push(callback)), callbacks });
      if (savepoints) prepared(connection, "RELEASE job").run();
    } catch (error) {
      if (savepoints) {
        prepared(connection, "ROLLBACK TO job").run();
        prepared(connection, "RELEASE job").run();
      } else if (changes.get() !== before) {
        prepared(connection, "ROLLBACK").run();
        return null;
      }
      outcomes.push({ ok: false, error });
    }
  }
  prepared(connection, "COMMIT").run();
  return outcomes;
}
