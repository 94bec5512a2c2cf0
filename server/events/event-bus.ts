import "server-only";
import { EventEmitter } from "node:events";
import { processState } from "../process-state";

/** A committed memory change, as the live stream and timelines see it (never content). */
export type MemoryEvent = {
  workspaceId: string;
  /** The audit sequence number: a total order per workspace, and the SSE event id. */
  seq: number;
  action: string;
  storeId: string | null;
  sessionId: string | null;
  memoryId: string | null;
  versionId: string | null;
  path: string | null;
  previousPath?: string | null;
  cause?: string | null;
  /** Set on proposal events (proposal.created, .approved, .rejected). */
  proposalId?: string | null;
  at: string;
};

// In-process fan-out; the PostgreSQL relay (server/events/pg-relay.ts) feeds it across instances.
type BusState = { emitter: EventEmitter; relayActive: boolean; seen: Set<string> };
const state = processState<BusState>("event-bus", () => ({
  emitter: new EventEmitter().setMaxListeners(0),
  relayActive: false,
  seen: new Set<string>(),
}));
export const eventBus = state.emitter;

const SEEN_LIMIT = 10_000;

/**
 * Called after a change commits. While the PostgreSQL relay listens, it delivers this process's
 * own events too (NOTIFY arrives in commit order), so the direct path stands aside.
 */
export function publishLocal(event: MemoryEvent): void {
  if (!state.relayActive) deliver(event);
}

/** Emits an event once per (workspace, seq), whichever path brings it first. */
export function deliver(event: MemoryEvent): void {
  const key = `${event.workspaceId}:${event.seq}`;
  if (state.seen.has(key)) return;
  state.seen.add(key);
  if (state.seen.size > SEEN_LIMIT) state.seen.delete(state.seen.values().next().value!);
  eventBus.emit("memory", event);
}

export function setRelayActive(active: boolean): void {
  state.relayActive = active;
}

export function subscribe(listener: (event: MemoryEvent) => void): () => void {
  eventBus.on("memory", listener);
  return () => void eventBus.off("memory", listener);
}
