import "server-only";
import { getDb } from "../db/client";
import { sqliteWrite } from "../db/sqlite-writer";
import { prepared, type SqliteConnection } from "../db/sqlite-statements";
import { processState } from "../process-state";

/**
 * Brings SQLite's full-text index (migration 20261201130000_memory_search) up to date with the
 * rows its triggers noted in "MemorySearchQueue". Indexing happens here, not in the write: a
 * file written a hundred times between two passes is indexed once, and no write pays for it.
 * Each pass takes a few rows as one job of the SQLite writer, so it commits with (and never
 * blocks for long) the writes around it. A noted redaction (doc 0) rewrites the whole index
 * ('optimize'), which drops the entries of removed rows that contentless_delete only marks.
 */
const ROWS_PER_JOB = 32;
const IDLE_PASS_MS = 1000;

type State = { running: Promise<unknown> | null; timer: NodeJS.Timeout | null };
// One per process: the API and Next's bundle load this module twice.
const state = processState<State>("sqlite-search-indexer", () => ({ running: null, timer: null }));

function indexSome(connection: SqliteConnection): number {
  const docs = prepared(connection, `SELECT "doc" FROM "MemorySearchQueue" WHERE "doc" > 0 ORDER BY "doc" LIMIT ${ROWS_PER_JOB}`).pluck().all() as number[];
  for (const doc of docs) {
    prepared(connection, `DELETE FROM "MemorySearch" WHERE rowid = ?`).run(doc);
    prepared(connection, `INSERT INTO "MemorySearch"(rowid, "content") SELECT rowid, "content" FROM "Memory" WHERE rowid = ? AND "deletedAt" IS NULL`).run(doc);
    prepared(connection, `DELETE FROM "MemorySearchQueue" WHERE "doc" = ?`).run(doc);
  }
  if (docs.length < ROWS_PER_JOB && prepared(connection, `DELETE FROM "MemorySearchQueue" WHERE "doc" = 0`).run().changes > 0) {
    // After the rows it noted are re-indexed (their old entries marked removed), so the rewrite drops them.
    prepared(connection, `INSERT INTO "MemorySearch"("MemorySearch") VALUES ('optimize')`).run();
  }
  return docs.length;
}

/**
 * Indexes every row noted before the call. Runs take turns: one that started before a write was
 * acknowledged may have looked at the queue already, so each call waits for its own.
 */
export function catchUpSearchIndex(): Promise<void> {
  const run = (state.running ?? Promise.resolve()).then(indexAll);
  state.running = run.catch(() => undefined);
  return run;
}

async function indexAll(): Promise<void> {
  const { sqlite } = await getDb();
  if (!sqlite) return;
  // Cheap when nothing is noted (every search asks): a read, no transaction.
  if (!prepared(sqlite, `SELECT 1 FROM "MemorySearchQueue" LIMIT 1`).get()) return;
  // Each job waits for a later turn of the event loop, so requests that arrived meanwhile go first.
  while ((await sqliteWrite(sqlite, indexSome)) === ROWS_PER_JOB) {
    // more noted rows
  }
}

/** Keeps the index close behind the writes while nobody searches (started on first use). */
export function startSearchIndexer(): void {
  if (state.timer) return;
  state.timer = setInterval(() => void catchUpSearchIndex().catch((error) => console.error("search indexer pass failed", error)), IDLE_PASS_MS);
  state.timer.unref();
}
