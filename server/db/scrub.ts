import "server-only";
import { Client } from "pg";
import { config } from "../config";
import { catchUpSearchIndex } from "../search/sqlite-search-indexer";
import { getDb } from "./client";
import { sqliteFilePath } from "./sqlite-file";
import { truncateWal } from "./wal-truncate";
import { processState } from "../process-state";

export type ScrubReport = { dialect: "sqlite" | "postgresql"; ok: boolean; attempts: number; ms: number };
/** What a redaction reports: "pending" while a reader keeps the old bytes reachable; a background retry finishes it. */
export type ScrubStatus = "done" | "pending";

const RETRY_MS = 2_000;
// Every table that holds content or paths: versions, memories, reads (paths) and audit data (paths).
const SCRUBBED_TABLES = ['"MemoryVersion"', '"Memory"', '"MemoryRead"', '"AuditEvent"'].join(", ");
const PG_LOCK_WAIT_MS = 100;
const state = processState<{ pending: boolean; timer: NodeJS.Timeout | null; runs: number }>("scrub", () => ({ pending: false, timer: null, runs: 0 }));

/**
 * After a redaction, make the removed bytes unrecoverable from the database files, waiting at most
 * ENGRAM_SCRUB_WAIT_MS and never on the event loop. When a reader blocks it (SQLite: another connection
 * reading an older snapshot keeps the WAL's old frames; PostgreSQL: a transaction holding a lock on the
 * tables), the scrub is reported pending and retried in the background until it succeeds.
 * SQLite: secure_delete already zeroes freed cells in the main file; a TRUNCATE checkpoint copies the WAL
 * into it and empties the WAL, whose frames held the old pages (server/db/wal-truncate.ts, a worker thread).
 * PostgreSQL: VACUUM FULL rewrites the tables that hold content or paths (and their TOAST), dropping dead
 * row versions that hold the old bytes; under lock_timeout, so it never queues every tenant behind a long reader's lock.
 */
export async function scrubDatabaseFiles(): Promise<ScrubReport> {
  const report = await scrubOnce();
  if (report.ok) state.pending = false;
  else schedule();
  return report;
}

/** Whether a scrub is still owed (a reader blocked the last attempt). */
export function scrubPending(): boolean {
  return state.pending;
}

export function scrubStatus(report: ScrubReport): ScrubStatus {
  return report.ok ? "done" : "pending";
}

async function scrubOnce(): Promise<ScrubReport> {
  const { dialect, url } = await getDb();
  const started = performance.now();
  state.runs++;
  if (dialect === "postgresql") {
    const ok = await vacuumFull(url);
    return { dialect, ok, attempts: 1, ms: performance.now() - started };
  }
  // The full-text index still holds the removed words (marked deleted) until it is rewritten.
  await catchUpSearchIndex();
  const { ok, attempts } = await truncateWal(sqliteFilePath(url), config.scrubWaitMs);
  return { dialect, ok, attempts, ms: performance.now() - started };
}

async function vacuumFull(url: string): Promise<boolean> {
  // Its own connection: lock_timeout is a session setting and VACUUM cannot run in a transaction.
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // Short lock waits, retried: a waiting ACCESS EXCLUSIVE request queues every later query behind it.
    await client.query(`SET lock_timeout = ${PG_LOCK_WAIT_MS}`);
    const deadline = Date.now() + config.scrubWaitMs;
    const { rows: started } = await client.query<{ at: Date }>("SELECT clock_timestamp() AS at");
    for (;;) {
      try {
        await client.query(`VACUUM FULL ${SCRUBBED_TABLES}`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== "55P03") throw error; // lock_not_available: a reader holds the tables
        if (Date.now() + PG_LOCK_WAIT_MS > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, PG_LOCK_WAIT_MS));
      }
    }
    // VACUUM keeps row versions an older snapshot may still see: while a transaction (idle or
    // running a long query) that began before this scrub is open, the old bytes may remain.
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL AND xact_start < $1",
      [started[0].at],
    );
    return rows[0].n === 0;
  } finally {
    await client.end();
  }
}

function schedule(): void {
  state.pending = true;
  if (state.timer) return;
  state.timer = setTimeout(() => {
    state.timer = null;
    scrubDatabaseFiles().catch(() => schedule());
  }, RETRY_MS);
  state.timer.unref();
}
