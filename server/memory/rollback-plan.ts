import "server-only";
import type { WireActor } from "../auth/principal";
import type { Tx } from "../db/client";
import type { Memory, MemoryVersion } from "../db/generated/sqlite/client";
import { versionActor } from "./serialize";

export type RevertAction = "restored" | "deleted" | "recreated";

export type ConflictReason = "changed_later" | "redacted" | "path_conflict";
export type RollbackConflict = {
  memory_id: string;
  memory_store_id: string;
  path: string;
  reason: ConflictReason;
  message: string;
  /** The other actor's latest version of the memory (changed_later). */
  version_id: string | null;
  created_by: WireActor | null;
  created_at: string | null;
  /** The live memory holding the path (path_conflict). */
  conflicting_memory_id?: string;
};

/** What reverting one memory takes: the row as it is now and the version to go back to (null: it did not exist). */
export type PlannedRevert = { memory: Memory; target: MemoryVersion | null; action: RevertAction };

export type MemoryPlan = { kind: "revert"; revert: PlannedRevert } | { kind: "unchanged"; memory: Memory } | { kind: "conflict"; conflict: RollbackConflict };

/**
 * Decides what rolling back `sessionId`'s changes to one memory means. The target is the state
 * just before the session's first change of it. Anything another actor wrote after that first
 * change is never overwritten: such a memory is reported as a conflict. A memory already at its
 * target (e.g. rolled back before) is unchanged, which makes rollback idempotent.
 */
export async function planMemoryRollback(tx: Tx, sessionId: string, memory: Memory, firstVersionId: string): Promise<MemoryPlan> {
  const before = await tx.memoryVersion.findFirst({
    where: { workspaceId: memory.workspaceId, memoryId: memory.id, id: { lt: firstVersionId } },
    orderBy: { id: "desc" },
  });
  const target = before && before.operation !== "deleted" ? before : null;
  const live = memory.deletedAt === null;
  if (!target && !live) return { kind: "unchanged", memory };
  if (target && live && target.redactedAt === null && memory.content === target.content && memory.path === target.path) {
    return { kind: "unchanged", memory };
  }

  const other = await tx.memoryVersion.findFirst({
    where: { workspaceId: memory.workspaceId, memoryId: memory.id, id: { gt: firstVersionId }, OR: [{ sessionId: null }, { sessionId: { not: sessionId } }] },
    orderBy: { id: "desc" },
    select: { id: true, actorType: true, sessionId: true, apiKeyId: true, userId: true, createdAt: true },
  });
  const base = { memory_id: memory.id, memory_store_id: memory.storeId, path: memory.path };
  if (other) {
    return {
      kind: "conflict",
      conflict: {
        ...base,
        reason: "changed_later",
        message: `Memory ${memory.id} was changed after the session by another actor (version ${other.id}); it was left as it is.`,
        version_id: other.id,
        created_by: versionActor(other),
        created_at: other.createdAt.toISOString(),
      },
    };
  }
  if (target?.redactedAt) {
    return {
      kind: "conflict",
      conflict: {
        ...base,
        reason: "redacted",
        message: `The version before the session (${target.id}) was redacted, so its content cannot be brought back.`,
        version_id: target.id,
        created_by: null,
        created_at: null,
      },
    };
  }
  const action: RevertAction = !target ? "deleted" : live ? "restored" : "recreated";
  return { kind: "revert", revert: { memory, target, action } };
}
