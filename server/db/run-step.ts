import "server-only";
import { getDb } from "./client";
import { pgAutocommit, runStepPg } from "./pg-pool";
import { runStepSqlite, type Step } from "./sql-step";
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
