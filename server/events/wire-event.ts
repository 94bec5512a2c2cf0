import "server-only";
import { memoryEventSchema, type WireMemoryEvent } from "../api/schemas";
import { checkedAnswer } from "../api/response-mismatch";
import type { MemoryEvent } from "./event-bus";

/** The JSON of one stream event: ids, path and cause, never content. */
export function toWireEvent(event: MemoryEvent): WireMemoryEvent {
  return {
    type: "memory_event",
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

/** One event as a Server-Sent Events frame, checked against its schema as every JSON answer is. */
export function sseFrame(event: MemoryEvent, requestId: string): string {
  const data = checkedAnswer(memoryEventSchema, toWireEvent(event), "an event of GET /events", requestId);
  return `id: ${event.seq}\nevent: memory\ndata: ${JSON.stringify(data)}\n\n`;
}
