import "server-only";
import type Database from "better-sqlite3";
import { processState } from "../process-state";

export type SqliteConnection = Database.Database;

const cache = processState("sqlite-statements", () => new WeakMap<SqliteConnection, Map<string, Database.Statement>>());

/**
 * A prepared statement on the better-sqlite3 connection Prisma's adapter uses, prepared once
 * per connection. Integers come back as numbers (the adapter turns on safe integers for the
 * connection; our columns are far below 2^53).
 */
export function prepared(connection: SqliteConnection, sql: string): Database.Statement {
  let statements = cache.get(connection);
  if (!statements) cache.set(connection, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) {
    statement = connection.prepare(sql).safeIntegers(false);
    statements.set(sql, statement);
  }
  return statement;
}

/** Dates as the Prisma SQLite adapter writes them (ISO 8601 with an explicit +00:00). */
export const sqliteDate = (date: Date) => date.toISOString().replace("Z", "+00:00");
