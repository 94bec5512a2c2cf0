import "server-only";
import type { MemoryEvent } from "./event-bus";

/** The JSON of one stream event: ids, path and cause, never content. */
export function toWireEvent(event: MemoryEvent) {
  return {
    type: "memory_event" as const,
    seq: event.seq,
    action: event.action,
    memory_store_id: event.storeId,
    session_id: event.sessionId,
    memory_id: event.memoryId,
    memory_version_id: event.versionId,
    path: event.path,
    previous_path: event.previousPath ?? null,
    cause: event.cause ?? null,
    ...(event.proposalId ? { proposal_id: event.proposalId } : {}),
    created_at: event.at,
  };
}

export function sseFrame(event: MemoryEvent): string {
  return `id: ${event.seq}\nevent: memory\ndata: ${JSON.stringify(toWireEvent(event))}\n\n`;
}
