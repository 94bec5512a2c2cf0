import "server-only";
import { startCheckpointSchedule } from "./checkpoint-schedule";
import { startSealSweeper } from "./seal-audit-events";

/** The audit chain's background work in a serving process: the sealer's sweep (PostgreSQL) and scheduled checkpoints. */
export function startAuditWork(): void {
  startSealSweeper();
  startCheckpointSchedule();
}
