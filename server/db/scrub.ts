import "server-only";
import { getDb } from "./client";

/**
 * After a redaction, make the removed bytes unrecoverable from the database files.
 * SQLite: secure_delete already zeroes freed cells in the main file; a TRUNCATE checkpoint
 * copies the WAL into it and empties the WAL, whose frames held the old pages.
 * PostgreSQL: VACUUM FULL rewrites the tables (and their TOAST), dropping dead row versions that hold the old content.
 */
export async function scrubDatabaseFiles(): Promise<void> {
  const { db, dialect } = await getDb();
  if (dialect === "sqlite") {
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  } else {
    await db.$executeRawUnsafe('VACUUM FULL "MemoryVersion", "Memory"');
  }
}
