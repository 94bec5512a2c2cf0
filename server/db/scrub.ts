import "server-only";
import { getDb } from "./client";

export type ScrubReport = { dialect: "sqlite" | "postgresql"; ok: boolean; attempts: number; ms: number };

const CHECKPOINT_ATTEMPTS = 50;

/**
 * After a redaction, make the removed bytes unrecoverable from the database files.
 * SQLite: secure_delete already zeroes freed cells in the main file; a TRUNCATE checkpoint
 * copies the WAL into it and empties the WAL, whose frames held the old pages. A checkpoint
 * cannot finish while another connection reads an older snapshot (busy = 1), so it is retried.
 * PostgreSQL: VACUUM FULL rewrites the tables (and their TOAST), dropping dead row versions that hold the old content.
 */
export async function scrubDatabaseFiles(): Promise<ScrubReport> {
  const { db, dialect } = await getDb();
  const started = performance.now();
  if (dialect === "postgresql") {
    await db.$executeRawUnsafe('VACUUM FULL "MemoryVersion", "Memory"');
    return { dialect, ok: true, attempts: 1, ms: performance.now() - started };
  }
  for (let attempt = 1; attempt <= CHECKPOINT_ATTEMPTS; attempt++) {
    const [row] = await db.$queryRawUnsafe<{ busy: number | bigint }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
    if (Number(row?.busy ?? 0) === 0) return { dialect, ok: true, attempts: attempt, ms: performance.now() - started };
    await new Promise((resolve) => setTimeout(resolve, Math.min(20 * attempt, 200)));
  }
  console.error(
    "scrubDatabaseFiles: the WAL could not be truncated (readers kept it busy); redacted bytes may remain in the -wal file until the next checkpoint",
  );
  return { dialect, ok: false, attempts: CHECKPOINT_ATTEMPTS, ms: performance.now() - started };
}
