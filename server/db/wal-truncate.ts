import "server-only";
import { Worker } from "node:worker_threads";

export type TruncateResult = { ok: boolean; attempts: number };

// Plain JavaScript evaluated in the worker (no loader needed, as in sqlite-checkpointer.ts). With
// busy_timeout 0 an attempt never waits inside SQLite: while another connection reads an older
// snapshot it answers busy at once and releases its locks, so writers are never held up; the worker
// sleeps between attempts (Atomics.wait blocks only this thread).
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(require.resolve("better-sqlite3", { paths: [workerData.root] }));
const db = new Database(workerData.file);
db.pragma("busy_timeout = 0");
const checkpoint = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
const nap = new Int32Array(new SharedArrayBuffer(4));
const deadline = Date.now() + workerData.maxWaitMs;
let attempts = 0;
let ok = false;
for (;;) {
  attempts++;
  try { ok = Number(checkpoint.get().busy) === 0; } catch { ok = false; }
  if (ok || Date.now() + workerData.retryMs > deadline) break;
  Atomics.wait(nap, 0, 0, workerData.retryMs);
}
db.close();
parentPort.postMessage({ ok, attempts });
`;

/**
 * Copies the WAL into the database file and empties it (wal_checkpoint(TRUNCATE)) on a worker thread with
 * its own connection, retrying for at most `maxWaitMs`. The event loop never waits on a reader that keeps an
 * old snapshot open (a backup tool, say); the caller learns whether it succeeded.
 */
export function truncateWal(file: string, maxWaitMs: number, retryMs = 50): Promise<TruncateResult> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { file, root: process.cwd(), maxWaitMs, retryMs } });
    let answered = false;
    worker.once("message", (result: TruncateResult) => {
      answered = true;
      resolve(result);
    });
    worker.once("error", () => resolve({ ok: false, attempts: 0 }));
    worker.once("exit", () => {
      if (!answered) resolve({ ok: false, attempts: 0 });
    });
  });
}
