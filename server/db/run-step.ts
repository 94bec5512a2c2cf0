import "server-only";
import { getDb } from "./client";
import { pgAutocommit, runStepPg } from "./pg-pool";
import { runStepSqlite, type Query, type Step } from "./sql-step";
import { sqliteWrite } from "./sqlite-writer";

/**
 * Runs a step of reads and at most one write, as its last statement, outside the memory write path
 * (the finding scanner's bookkeeping). SQLite: a synchronous job taking its turn on the one
 * connection with the writes; PostgreSQL: a pooled connection, each statement committing alone.
 */
export async function runStep<T>(step: Step<T>): Promise<T> {
  const { sqlite } = await getDb();
  if (sqlite) return sqliteWrite(sqlite, (connection) => runStepSqlite(connection, step));
  return pgAutocommit((client) => runStepPg(client, step, { oneWrite: true }));
}

/**
 * Runs a step that only reads. SQLite: at once on the process's connection (a read needs no turn
 * with the writes); PostgreSQL: a pooled connection.
 */
export async function runReadStep<T>(step: Step<T>): Promise<T> {
  const { sqlite } = await getDb();
  const reads = readsOnly(step);
  if (sqlite) return runStepSqlite(sqlite, reads);
  return pgAutocommit((client) => runStepPg(client, reads));
}

function* readsOnly<T>(step: Step<T>): Step<T> {
  let next = step.next();
  while (!next.done) {
    const query: Query = next.value;
    if (query.writes) throw new Error("a read step asked to write");
    next = step.next(yield query);
  }
  return next.value;
}
