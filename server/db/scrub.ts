import "server-only";
import { Client } from "pg";
import { config } from "../config";
import { catchUpSearchIndex } from "../search/sqlite-search-indexer";
import { getDb } from "./client";
import { sqliteFilePath } from "./sqlite-file";
import { truncateWal } from "./wal-truncate";
import { noteConnectionError } from "./pg-pool";
import { partitionsOf } from "./workspace-partitions";
import { processState } from "../process-state";

export type ScrubReport = { dialect: "sqlite" | "postgresql"; ok: boolean; attempts: number; ms: number };
/** What a redaction reports: "pending" while a reader keeps the old bytes reachable; a background retry finishes it. */
export type ScrubStatus = "done" | "pending";

const RETRY_MS = 2_000;
const PG_LOCK_WAIT_MS = 100;
// Workspaces whose scrub a reader blocked, each retried in the background until it succeeds.
const state = processState<{ pending: Set<string>; timers: Map<string, NodeJS.Timeout> }>("scrub", () => ({ pending: new Set(), timers: new Map() }));

/**
 * After a redaction in a workspace, make the removed bytes unrecoverable from the database files,
 * waiting at most ENGRAM_SCRUB_WAIT_MS and never on the event loop. When a reader blocks it (SQLite:
 * another connection reading an older snapshot keeps the WAL's old frames; PostgreSQL: a transaction
 * holding a lock on the workspace's partitions), the scrub is reported pending and retried in the
 * background until it succeeds.
 * SQLite: secure_delete already zeroes freed cells in the main file; a TRUNCATE checkpoint copies the WAL
 * into it and empties the WAL, whose frames held the old pages (server/db/wal-truncate.ts, a worker thread).
 * PostgreSQL: VACUUM FULL rewrites the workspace's partition of each table that holds content or paths
 * (and its TOAST), dropping dead row versions that hold the old bytes. Only that partition is locked
 * (workspace-partitions.ts), one at a time and under lock_timeout, so other workspaces never wait for it.
 */
export async function scrubDatabaseFiles(workspaceId: string): Promise<ScrubReport> {
  const report = await scrubOnce(workspaceId);
  if (report.ok) state.pending.delete(workspaceId);
  else schedule(workspaceId);
  return report;
}

/** Whether a scrub is still owed (a reader blocked the last attempt), in the workspace or in any. */
export function scrubPending(workspaceId?: string): boolean {
  return workspaceId === undefined ? state.pending.size > 0 : state.pending.has(workspaceId);
}

export function scrubStatus(report: ScrubReport): ScrubStatus {
  return report.ok ? "done" : "pending";
}

async function scrubOnce(workspaceId: string): Promise<ScrubReport> {
  const { dialect, url } = await getDb();
  const started = performance.now();
  if (dialect === "postgresql") {
    const ok = await vacuumPartitions(url, workspaceId);
    return { dialect, ok, attempts: 1, ms: performance.now() - started };
  }
  // The full-text index still holds the removed words (marked deleted) until it is rewritten.
  await catchUpSearchIndex();
  const { ok, attempts } = await truncateWal(sqliteFilePath(url), config.scrubWaitMs);
  return { dialect, ok, attempts, ms: performance.now() - started };
}

// Other sessions that may still see a row version deleted before `$1` (a transaction id): one
// running a transaction begun before it, or holding a snapshot taken while such a transaction ran.
// Lazy vacuums (autovacuum) are left out: PostgreSQL ignores their horizon too.
const OLDER_SNAPSHOTS = `SELECT count(*)::int AS "n" FROM pg_stat_activity
  WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type <> 'autovacuum worker'
    AND (age(backend_xmin) > age($1::xid) OR age(backend_xid) > age($1::xid))`;

async function vacuumPartitions(url: string, workspaceId: string): Promise<boolean> {
  // Its own connection: lock_timeout is a session setting and VACUUM cannot run in a transaction.
  const client = new Client({ connectionString: url });
  client.on("error", noteConnectionError);
  await client.connect();
  try {
    const deadline = Date.now() + config.scrubWaitMs;
    // VACUUM keeps a deleted row version while any session may still see it. The redaction has
    // committed; once no session is older than the next transaction id, none ever will be again,
    // and the rewrite drops the old bytes. (Checking after the rewrite would miss a session that
    // held them back during it and ended before the check.)
    const { rows } = await client.query<{ xid: string }>("SELECT (pg_snapshot_xmax(pg_current_snapshot())::text::bigint % 4294967296)::text AS xid");
    for (;;) {
      const older = await client.query<{ n: number }>(OLDER_SNAPSHOTS, [rows[0].xid]);
      if (older.rows[0].n === 0) break;
      if (Date.now() + PG_LOCK_WAIT_MS > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, PG_LOCK_WAIT_MS));
    }
    // Short lock waits, retried: a waiting ACCESS EXCLUSIVE request queues every later query of that partition behind it.
    await client.query(`SET lock_timeout = ${PG_LOCK_WAIT_MS}`);
    for (const partition of await partitionsOf(client, workspaceId)) {
      for (;;) {
        try {
          await client.query(`VACUUM FULL "${partition}"`);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== "55P03") throw error; // lock_not_available: a reader holds the partition
          if (Date.now() + PG_LOCK_WAIT_MS > deadline) return false;
          await new Promise((resolve) => setTimeout(resolve, PG_LOCK_WAIT_MS));
        }
      }
    }
    return true;
  } finally {
    await client.end();
  }
}

function schedule(workspaceId: string): void {
  state.pending.add(workspaceId);
  if (state.timers.has(workspaceId)) return;
  const timer = setTimeout(() => {
    state.timers.delete(workspaceId);
    scrubDatabaseFiles(workspaceId).catch(() => schedule(workspaceId));
  }, RETRY_MS);
  timer.unref();
  state.timers.set(workspaceId, timer);
}
