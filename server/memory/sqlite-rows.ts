import "server-only";
import type { Memory } from "../db/generated/sqlite/client";
import { prepared, type SqliteConnection } from "../db/sqlite-statements";
import { notFound } from "../http/api-error";

// Synchronous reads for sqliteWrite jobs (server/db/sqlite-writer.ts), which cannot await Prisma.
// Dates are stored as ISO 8601 text, as the Prisma adapter writes them.

type MemoryRow = Omit<Memory, "createdAt" | "updatedAt" | "deletedAt"> & { createdAt: string; updatedAt: string; deletedAt: string | null };

/** The store's archive state, as assertNotArchived needs it (the caller has authorized the store). */
export function storeStateSqlite(connection: SqliteConnection, storeId: string): { id: string; archivedAt: Date | null } {
  const row = prepared(connection, `SELECT "id", "archivedAt" FROM "Store" WHERE "id" = ?`).get(storeId) as
    { id: string; archivedAt: string | null } | undefined;
  if (!row) throw notFound(`Memory store ${storeId}`);
  return { id: row.id, archivedAt: row.archivedAt ? new Date(row.archivedAt) : null };
}

/** findLiveMemory, synchronously: a memory that exists (not deleted) in the store, or 404. */
export function findLiveMemorySqlite(connection: SqliteConnection, storeId: string, memoryId: string): Memory {
  const row = prepared(connection, `SELECT * FROM "Memory" WHERE "id" = ? AND "storeId" = ? AND "deletedAt" IS NULL`).get(memoryId, storeId) as
    MemoryRow | undefined;
  if (!row) throw notFound(`Memory ${memoryId}`);
  return { ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt), deletedAt: null };
}
