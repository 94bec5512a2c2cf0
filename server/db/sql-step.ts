import "server-only";
import { prepared, sqliteDate, type SqliteConnection } from "./sqlite-statements";

/**
 * One SQL statement a write step asks for. Steps are generators that yield queries and receive
 * their results, so one piece of write logic runs synchronously on better-sqlite3 (inside a
 * group-committed job, nothing interleaved) and asynchronously on pg, unchanged. SQL uses `?`
 * placeholders; the pg runner numbers them.
 */
export type Query = { kind: "get" | "all" | "run"; sql: string; params: readonly unknown[]; writes?: true };
export type Step<T> = Generator<Query, T, unknown>;

export function* getRow<R>(sql: string, params: readonly unknown[] = []): Step<R | undefined> {
  return (yield { kind: "get", sql, params }) as R | undefined;
}
export function* allRows<R>(sql: string, params: readonly unknown[] = []): Step<R[]> {
  return (yield { kind: "all", sql, params }) as R[];
}
/** Runs a statement; resolves to the number of rows it changed. */
export function* runSql(sql: string, params: readonly unknown[] = []): Step<number> {
  return (yield { kind: "run", sql, params, writes: true }) as number;
}
/** A statement that writes and answers one row (a data-modifying CTE). */
export function* writeRow<R>(sql: string, params: readonly unknown[] = []): Step<R | undefined> {
  return (yield { kind: "get", sql, params, writes: true }) as R | undefined;
}

/**
 * `IN <list>` for one parameter holding a JSON array of strings (bound as JSON.stringify(values)),
 * so a list of any length is one prepared statement. The list's strings take the database's
 * collation, which ids and actions have; `{ paths: true }` gives them "C", the collation of the
 * path columns. On PostgreSQL a list in the wrong collation cannot use the column's index: the
 * lookup becomes a scan of the whole table (a version list in "C" scanned every version).
 */
export const jsonList = (dialect: "sqlite" | "postgresql", options: { paths?: boolean } = {}) =>
  dialect === "postgresql" ? `(SELECT jsonb_array_elements_text(?::jsonb)${options.paths ? ` COLLATE "C"` : ""})` : `(SELECT value FROM json_each(?))`;

/** Column values as SQLite stores them (dates as the Prisma adapter writes them). */
const sqliteValue = (value: unknown) => (value instanceof Date ? sqliteDate(value) : value);

/** Runs a step to completion on a better-sqlite3 connection, synchronously. */
export function runStepSqlite<T>(connection: SqliteConnection, step: Step<T>): T {
  let next = step.next();
  while (!next.done) {
    const query = next.value;
    const statement = prepared(connection, query.sql);
    const params = query.params.map(sqliteValue);
    const result = query.kind === "get" ? statement.get(...params) : query.kind === "all" ? statement.all(...params) : statement.run(...params).changes;
    next = step.next(result);
  }
  return next.value;
}

/** Dates in stored rows: SQLite gives ISO text, pg (see pg-pool.ts) a Date. */
export const rowDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
export const rowDateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : rowDate(value));
