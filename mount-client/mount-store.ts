// Mount a memory store onto a directory: download it, then keep both sides in sync until
// stopped. Talks to Engram only over HTTP through the official SDK, so any agent harness can
// embed it: `const m = await mountStore({ baseURL, apiKey, storeId, dir }); …; await m.stop()`.
import Anthropic from "@anthropic-ai/sdk";
import { EventEmitter } from "node:events";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { backoffMs } from "@/lib/mount/mount-paths";
import { isIdle, type MountReport, type SyncSummary } from "./mount-report";
import { removeStaleTemps } from "./local-dir";
import { emptyState, loadState, saveState } from "./mount-state";
import { sessionAttachmentAccess } from "./session-attachment";
import { ServerUnreachable, syncStore, type PassContext, type RequestOptions } from "./sync-pass";

export type MountOptions = {
  /** An SDK client pointed at Engram; or give `baseURL` and `apiKey`. */
  client?: Anthropic;
  baseURL?: string;
  apiKey?: string;
  storeId: string;
  dir: string;
  /** Pull only; local edits are kept on disk and reported, never pushed. */
  readOnly?: boolean;
  /** Every write is attributed to this session (`x-engram-session-id`); else to the API key. A store the session attaches read_only is mounted read-only. */
  sessionId?: string;
  /** Pause between syncs; 0 disables the timer (call `sync()` yourself). Default 5 s. */
  intervalMs?: number;
  /** How long a file must stay deleted before the delete reaches the server. Default 30 s. */
  deleteDelayMs?: number;
  /** The clock that delete delays are measured on (milliseconds since the epoch). Default Date.now; tests pass their own. */
  now?: () => number;
  /** Bound on the final sync when the server is unreachable. Default 30 s. */
  flushTimeoutMs?: number;
  /** First retry delay after the server was unreachable; doubles up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Per-request timeout. Default 15 s. */
  requestTimeoutMs?: number;
  onReport?: (report: MountReport) => void;
};

export type MountHandle = {
  readonly dir: string;
  readonly storeId: string;
  /** Reconcile now (serialised with the timer's syncs). Throws ServerUnreachable when offline. */
  sync(): Promise<SyncSummary>;
  /** Stop the timer and run a final sync, retried with backoff until `flushTimeoutMs`. Null if it gave up. */
  stop(): Promise<SyncSummary | null>;
  /** Emits "report" for every MountReport. */
  readonly events: EventEmitter;
};

export { ServerUnreachable };
export type { MountReport, SyncSummary };

export async function mountStore(options: MountOptions): Promise<MountHandle> {
  const client = options.client ?? new Anthropic({ baseURL: options.baseURL, apiKey: options.apiKey, maxRetries: 0 });
  const intervalMs = options.intervalMs ?? 5_000;
  const flushTimeoutMs = options.flushTimeoutMs ?? 30_000;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const retryMaxMs = Math.max(options.retryMaxMs ?? 30_000, retryBaseMs);
  const request: RequestOptions = {
    timeout: options.requestTimeoutMs ?? 15_000,
    maxRetries: 1,
    ...(options.sessionId ? { headers: { "x-engram-session-id": options.sessionId } } : {}),
  };
  const events = new EventEmitter();
  const report = (r: MountReport) => {
    options.onReport?.(r);
    events.emit("report", r);
  };

  const root = path.resolve(options.dir);
  await fsp.mkdir(root, { recursive: true });
  // Fail fast on a wrong key, store or session rather than syncing into the void.
  await client.beta.memoryStores.retrieve(options.storeId, {}, request);
  const attached = options.sessionId ? await sessionAttachmentAccess(client, options.sessionId, options.storeId, request) : null;
  await removeStaleTemps(root);
  const saved = await loadState(root, options.storeId);
  const state = saved ?? emptyState(options.storeId);
  if (!saved) await saveState(root, state);

  const ctx: PassContext = {
    client,
    storeId: options.storeId,
    root,
    readOnly: (options.readOnly ?? false) || attached === "read_only",
    deleteDelayMs: options.deleteDelayMs ?? 30_000,
    now: options.now ?? Date.now,
    request,
    state,
    report,
    announced: new Set(),
  };

  let chain: Promise<unknown> = Promise.resolve();
  const sync = (): Promise<SyncSummary> => {
    const run = chain.then(async () => {
      const summary = await syncStore(ctx);
      report({ type: "synced", summary });
      return summary;
    });
    chain = run.catch(() => undefined);
    return run;
  };

  const first = await retryUntil(sync, Date.now() + flushTimeoutMs, retryBaseMs, retryMaxMs, report);
  if (!first) throw new ServerUnreachable(`could not download store ${options.storeId} within ${flushTimeoutMs} ms`);
  if (!saved) report({ type: "downloaded", files: Object.keys(state.files).length });

  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  let failures = 0;
  const schedule = (delay: number) => {
    if (stopping || intervalMs <= 0) return;
    timer = setTimeout(tick, delay);
  };
  const tick = async () => {
    try {
      await sync();
      failures = 0;
      schedule(intervalMs);
    } catch (e) {
      if (!(e instanceof ServerUnreachable)) report({ type: "warning", message: `sync failed: ${String(e)}` });
      const retryInMs = backoffMs(failures, retryBaseMs, retryMaxMs);
      report({ type: "unreachable", message: String(e), attempt: ++failures, retryInMs });
      schedule(retryInMs);
    }
  };
  schedule(intervalMs);

  let stopped: Promise<SyncSummary | null> | undefined;
  return {
    dir: root,
    storeId: options.storeId,
    sync,
    events,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        clearTimeout(timer);
        await chain;
        const summary = await retryUntil(sync, Date.now() + flushTimeoutMs, retryBaseMs, retryMaxMs, report);
        if (!summary) report({ type: "flush_incomplete", message: `the final sync gave up after ${flushTimeoutMs} ms; unsynced changes stay in ${root}` });
        return summary;
      })();
      return stopped;
    },
  };
}

/** Run `fn` until it succeeds or `deadline` passes, backing off between unreachable attempts. */
async function retryUntil(
  fn: () => Promise<SyncSummary>,
  deadline: number,
  baseMs: number,
  maxMs: number,
  report: (r: MountReport) => void,
): Promise<SyncSummary | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof ServerUnreachable)) throw e;
      const retryInMs = Math.min(backoffMs(attempt, baseMs, maxMs), deadline - Date.now());
      if (retryInMs <= 0) return null;
      report({ type: "unreachable", message: e.message, attempt: attempt + 1, retryInMs });
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
    }
  }
}

export { isIdle };
