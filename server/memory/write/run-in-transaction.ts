import "server-only";
import { openDb } from "../../db/client";
import { pgText } from "../../db/pg-pool";
import { runStepSqlite, type Step } from "../../db/sql-step";
import type { TxContext } from "../../db/transaction";
import type { Writer } from "./commit-change";
import { partitionSuffix } from "../../db/partition-suffix";
import { writeStore } from "./write-store";

const pgSql = (sql: string) => pgText(sql).text;

/**
 * Runs a write step inside a Prisma transaction opened by runTransaction, for the rarer changes
 * that also do other work in it (text redaction). SQLite: the prepared statements on the
 * connection Prisma's transaction is open on; PostgreSQL: the transaction's own raw queries.
 */
export async function runInTransaction<T>(t: TxContext, workspaceId: string, step: (w: Writer) => Step<T>): Promise<T> {
  const w: Writer = {
    s: writeStore(t.dialect, workspaceId, { partition: await partitionSuffix(t.dialect, workspaceId) }),
    afterCommit: t.afterCommit,
    optimistic: false,
  };
  if (t.dialect === "sqlite") return runStepSqlite(openDb().sqlite!, step(w));
  const gen = step(w);
  let next = gen.next();
  while (!next.done) {
    const { kind, sql, params } = next.value;
    const values = params.map((value) => (value instanceof Date ? value.toISOString() : value));
    let result: unknown;
    try {
      if (kind === "run") result = await t.tx.$executeRawUnsafe(pgSql(sql), ...values);
      else {
        const rows = (await t.tx.$queryRawUnsafe(pgSql(sql), ...values)) as unknown[];
        result = kind === "get" ? rows[0] : rows;
      }
    } catch (error) {
      next = gen.throw(error);
      continue;
    }
    next = gen.next(result);
  }
  return next.value;
}
