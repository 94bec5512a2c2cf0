import "server-only";
import { newId } from "@/lib/ids";
import { config } from "../config";
import { getDb } from "../db/client";
import { createCheckpoint } from "./checkpoint";
import { readLatestCheckpoint } from "./checkpoint-store";
import { processState } from "../process-state";

/**
 * Signs a checkpoint of every workspace whose chain moved since its newest kept checkpoint, every
 * ENGRAM_CHECKPOINT_INTERVAL seconds (0: never). Without one, deleting the newest events would
 * leave a shorter chain that verifies; with one, verification knows how far the log reached.
 */
type ScheduleState = { timer: NodeJS.Timeout | null; running: boolean };
const state = processState<ScheduleState>("checkpoint-schedule", () => ({ timer: null, running: false }));

export function startCheckpointSchedule(intervalMs = config.checkpointIntervalMs): void {
  if (state.timer || intervalMs === 0) return;
  state.timer = setInterval(() => void checkpointMovedChains(), intervalMs);
  state.timer.unref();
}

export function stopCheckpointSchedule(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

/** One round of the schedule; resolves to the workspaces checkpointed. */
export async function checkpointMovedChains(): Promise<string[]> {
  if (state.running) return [];
  state.running = true;
  const done: string[] = [];
  try {
    const { db } = await getDb();
    const heads = await db.auditEvent.groupBy({ by: ["workspaceId"], _max: { seq: true } });
    for (const head of heads) {
      const kept = readLatestCheckpoint(head.workspaceId);
      if ((head._max.seq ?? 0) <= 0 || (kept?.ok && kept.seq >= head._max.seq!)) continue;
      try {
        await createCheckpoint({ principal: { type: "system", workspaceId: head.workspaceId }, requestId: newId("request") });
        done.push(head.workspaceId);
      } catch (error) {
        // A broken chain is not signed; verification reports it.
        console.error(`engram checkpoints: workspace ${head.workspaceId} not checkpointed:`, (error as Error).message);
      }
    }
  } finally {
    state.running = false;
  }
  return done;
}
