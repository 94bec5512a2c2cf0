import "server-only";
import { Worker } from "node:worker_threads";

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT
 * that crosses the threshold, copying the WAL into the database file and syncing it while every
 * request waits. A worker thread with its own connection checkpoints instead (PASSIVE: it never
 * blocks writers or readers), so the main connection's automatic checkpoint is only a backstop.
 * The interval trades throughput against p99 latency; how each choice measured is in bench/README.md
 * ("Where the code's choices were measured").
 */
export const BACKSTOP_CHECKPOINT_PAGES = 20_000;
const INTERVAL_MS = 100;

// Plain JavaScript evaluated in the worker: it needs no loader, and stops when the process does.
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(require.resolve("better-sqlite3", { paths: [workerData.root] }));
const db = new Database(workerData.file);
db.pragma("busy_timeout = 100");
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const timer = setInterval(() => {
  try { checkpoint.run(); } catch {}
}, workerData.intervalMs);
parentPort.on("message", () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export function startCheckpointer(file: string): () => void {
  // The driver is found from the project root: inside Next's bundle, resolving it here would give
  // a bundler module id, not a path.
  const worker = new Worker(WORKER, { eval: true, workerData: { file, root: process.cwd(), intervalMs: INTERVAL_MS } });
  worker.unref();
  worker.on("error", (error) => console.error("SQLite checkpointer stopped; automatic checkpoints continue", error));
  return () => worker.postMessage("stop");
}
