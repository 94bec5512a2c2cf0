import "server-only";
import { getDb } from "../db/client";
import { processState } from "../process-state";
import { catchUpPgSearchIndex, indexPgSearchQueue } from "./pg-search-index";
import { catchUpSqliteSearchIndex } from "./sqlite-search-index";

/**
 * Full-text search over current files is indexed outside the write on both databases: a trigger
 * notes each changed memory, and the indexer (sqlite-search-index.ts, pg-search-index.ts) brings
 * the index up to date in the background, and before a search or a redaction's scrub reads it.
 */
const IDLE_PASS_MS = 1000;

type State = { sqliteTurn: Promise<unknown> | null; timer: NodeJS.Timeout | null; passing: boolean };
// One per process: the API and Next's bundle load this module twice.
const state = processState<State>("search-indexer", () => ({ sqliteTurn: null, timer: null, passing: false }));

/**
 * Indexes every memory of the workspace noted before the call (SQLite has one index for all
 * workspaces). `url`: another database than the configured one (bench:data).
 */
export async function catchUpSearchIndex(workspaceId: string, url?: string): Promise<void> {
  const { dialect } = await getDb(url);
  return dialect === "postgresql" ? catchUpPgSearchIndex(workspaceId, url) : catchUpSqlite(url);
}

/**
 * SQLite's runs take turns: one that started before a write was acknowledged may have looked at
 * the queue already, so each call waits for its own. (PostgreSQL's take turns per workspace under
 * a lock, across instances too.)
 */
function catchUpSqlite(url?: string): Promise<void> {
  const run = (state.sqliteTurn ?? Promise.resolve()).then(() => catchUpSqliteSearchIndex(url));
  state.sqliteTurn = run.catch(() => undefined);
  return run;
}

async function backgroundPass(): Promise<void> {
  if (state.passing) return;
  state.passing = true;
  try {
    const { dialect } = await getDb();
    await (dialect === "postgresql" ? indexPgSearchQueue() : catchUpSqlite());
  } catch (error) {
    console.error("engram search indexer: pass failed", (error as Error).message);
  } finally {
    state.passing = false;
  }
}

/** Keeps the index close behind the writes while nobody searches (once per serving process). */
export function startSearchIndexer(): void {
  if (state.timer) return;
  state.timer = setInterval(() => void backgroundPass(), IDLE_PASS_MS);
  state.timer.unref();
}
