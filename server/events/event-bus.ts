import "server-only";
import { EventEmitter } from "node:events";

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
  at: string;
};

// In-process fan-out; the PostgreSQL relay (server/events/pg-relay.ts) feeds it across instances.
const globalForBus = globalThis as unknown as { engramBus?: EventEmitter };
export const eventBus = (globalForBus.engramBus ??= new EventEmitter().setMaxListeners(0));

export function publishLocal(event: MemoryEvent): void {
  eventBus.emit("memory", event);
}
