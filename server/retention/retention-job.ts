import "server-only";
import { newId } from "@/lib/ids";
import { config } from "../config";
import { getDb } from "../db/client";
import { runRetention } from "./run-retention";
import { processState } from "../process-state";

type JobState = { timer: NodeJS.Timeout | null; running: Promise<unknown> | null; removed: number };
const state = processState<JobState>("retention-job", () => ({ timer: null, running: null, removed: 0 }));

/**
 * Applies every store's retention policy every ENGRAM_RETENTION_INTERVAL seconds (0: never), as
 * the system. Safe with several instances on one PostgreSQL: each store's removal is planned and
 * done in one transaction under the workspace lock, so a second instance finds nothing left.
 * `clock` is injectable for tests.
 */
export function startRetentionJob(options: { intervalMs?: number; clock?: () => Date } = {}): () => void {
  const intervalMs = options.intervalMs ?? config.retentionIntervalMs;
  if (state.timer || intervalMs === 0) return () => {};
  const clock = options.clock ?? (() => new Date());
  const tick = () => {
    if (state.running) return;
    state.running = runRetentionEverywhere(clock())
      .then((result) => (state.removed += result.versionsRemoved))
      .catch((error) => console.error(`retention run failed: ${(error as Error).name}`))
      .finally(() => (state.running = null));
  };
  state.timer = setInterval(tick, intervalMs);
  state.timer.unref();
  return () => {
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
  };
}

/** Versions this process's job has removed so far (tests and metrics wait on it without querying the database). */
export function retentionJobRemoved(): number {
  return state.removed;
}

/** Resolves once the job's current run (if any) has finished, scrub included. */
export async function retentionJobSettled(): Promise<void> {
  await state.running;
}

/** One run over every workspace with a store that has a policy (or only `workspaceId`); returns each workspace's result. */
export async function runRetentionEverywhere(now: Date, options: { dryRun?: boolean; workspaceId?: string; storeId?: string } = {}) {
  const { db } = await getDb();
  const rows = await db.store.findMany({
    where: { retentionVersionDays: { not: null }, ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}) },
    select: { workspaceId: true },
    distinct: ["workspaceId"],
  });
  const runs = [];
  for (const { workspaceId } of rows) {
    const ctx = { principal: { type: "system" as const, workspaceId }, requestId: newId("request") };
    runs.push({ workspace_id: workspaceId, ...(await runRetention(ctx, { dryRun: options.dryRun ?? false, now, storeId: options.storeId })) });
  }
  return { versionsRemoved: runs.reduce((sum, run) => sum + run.versions_removed, 0), runs };
}
