import "server-only";
import type { Proposal } from "../db/generated/sqlite/client";
import type { MemoryEvent } from "../events/event-bus";

/** The live event of a proposal step: ids and path, never content. */
export function proposalEvent(p: Proposal, action: string, seq: number, at: Date, versionId: string | null = null): MemoryEvent {
  return {
    workspaceId: p.workspaceId,
    seq,
    action,
    storeId: p.storeId,
    sessionId: p.sessionId,
    memoryId: p.memoryId,
    versionId,
    path: p.path,
    previousPath: p.previousPath,
    cause: p.cause,
    proposalId: p.id,
    at: at.toISOString(),
  };
}
