import "server-only";
import { getDb } from "../../db/client";
import { pgAutocommit, pgPool, pgTransaction, runStepPg } from "../../db/pg-pool";
import { getRow, runStepSqlite, type Step } from "../../db/sql-step";
import { sqliteWrite } from "../../db/sqlite-writer";
import { runTransaction } from "../../db/transaction";
import type { Writer } from "./commit-change";
import { checkPathFree } from "./plan-change";
import { HeadMoved, LivePathRace, NeedsTransaction, writeStore } from "./write-store";
import { partitionSuffix } from "../../db/partition-suffix";

// PostgreSQL: memory writers share the workspace's lock, so they never wait for one another; the
// few workspace-wide transactions (text redaction, session rollback: runTransaction with
// lockWorkspace) take it alone. SQLite has one writer at a time anyway.
function* shareWorkspace(workspaceId: string): Step<void> {
  yield* getRow(`SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))::text AS "locked"`, [workspaceId]);
}

/** Optimistic tries of a PostgreSQL write whose memory's head keeps moving; the last one locks the row. */
const OPTIMISTIC_TRIES = 4;
/** A try planned on a remembered head that did not end in its write: it runs again on a fresh read. */
const REREAD = Symbol("read the head afresh");

/**
 * Runs one write step, atomically. SQLite: a synchronous job, group-committed with the other
 * writes of this event-loop turn (sqlite-writer.ts). PostgreSQL, on the write path's pg pool (no
 * Prisma): first with no transaction at all, for a step that reads without row locks and writes
 * once (a content update or a delete: two round trips, its one write statement atomic on its own,
 * write-store.ts); a step that asks for a row lock (creates and renames check path rules under the
 * store's lock) runs in a transaction instead. A step that read its memory without a lock and found
 * the head moved at write time (HeadMoved) runs again, its last try in a transaction with the row
 * locked. The first try of a content update or delete may plan on the head this process last read
 * or wrote (remembered-heads.ts): one round trip when the head has not moved. The promise settles
 * once the change has committed.
 */
export async function runWrite<T>(workspaceId: string, step: (w: Writer) => Step<T>): Promise<T> {
  const { sqlite, dialect } = await getDb();
  if (sqlite) {
    const s = writeStore(dialect, workspaceId);
    return sqliteWrite(sqlite, (connection, afterCommit) => runStepSqlite(connection, step({ s, afterCommit, optimistic: false })));
  }
  const partition = await partitionSuffix(dialect, workspaceId);
  let transaction = false;
  // The first try may plan on this process's remembered head instead of reading it (remembered-heads.ts).
  let remembered = true;
  for (let attempt = 1; ; attempt++) {
    const optimistic = attempt < OPTIMISTIC_TRIES;
    try {
      if (optimistic && !transaction) {
        const s = writeStore(dialect, workspaceId, { autocommit: true, partition, remembered });
        remembered = false;
        const result = await pgAutocommit((client, afterCommit) => runStepPg(client, step({ s, afterCommit, optimistic }), { oneWrite: true })).catch(
          (error: unknown) => (s.usage.remembered && !s.usage.wrote ? REREAD : Promise.reject(error)),
        );
        // Planned on a remembered head and written: done. Anything else planned on one (a refusal, a
        // moved head, nothing to write, a proposal) is decided again on a fresh read.
        if (result !== REREAD && (s.usage.wrote || !s.usage.remembered)) return result;
        attempt--;
        continue;
      }
      const s = writeStore(dialect, workspaceId, { partition });
      return await pgTransaction(async (client, afterCommit) => {
        await runStepPg(client, shareWorkspace(workspaceId));
        return runStepPg(client, step({ s, afterCommit, optimistic }));
      });
    } catch (error) {
      if (error instanceof NeedsTransaction) {
        transaction = true;
        attempt--;
        continue;
      }
      if (error instanceof HeadMoved && optimistic) continue;
      return answerPathRace(workspaceId, error);
    }
  }
}

/** A lost race for a free path (LivePathRace) as the 409 that names the winner, now committed. */
async function answerPathRace(workspaceId: string, error: unknown): Promise<never> {
  if (!(error instanceof LivePathRace)) throw error;
  const { rows } = await pgPool().query<{ id: string }>('SELECT "id" FROM "Memory" WHERE "workspaceId" = $1 AND "storeId" = $2 AND "livePath" = $3', [
    workspaceId,
    error.storeId,
    error.path,
  ]);
  checkPathFree(error.path, { id: rows[0]?.id ?? "", livePath: error.path });
  throw error;
}

/** Runs steps in an open transaction (see runWriteTransaction). */
export type StepRunner = <R>(step: (w: Writer) => Step<R>) => Promise<R>;

/**
 * One transaction for a change that needs asynchronous work between its steps (the memory
 * tool's executor, an import, a session rollback): `fn` runs steps through `run`, all in one
 * transaction that commits when `fn` returns. SQLite: the process's connection, taking its turn
 * with the group commit; PostgreSQL: a pooled pg connection.
 */
export async function runWriteTransaction<T>(workspaceId: string, fn: (run: StepRunner) => Promise<T>, options = { writes: true }): Promise<T> {
  const { sqlite, dialect } = await getDb();
  const s = writeStore(dialect, workspaceId, { partition: await partitionSuffix(dialect, workspaceId) });
  if (sqlite) {
    return runTransaction(async (t) => fn(async (step) => runStepSqlite(sqlite, step({ s, afterCommit: t.afterCommit, optimistic: false }))));
  }
  return pgTransaction(async (client, afterCommit) => {
    if (options.writes) await runStepPg(client, shareWorkspace(workspaceId));
    return fn((step) => runStepPg(client, step({ s, afterCommit, optimistic: false })));
  }).catch((error) => answerPathRace(workspaceId, error));
}
