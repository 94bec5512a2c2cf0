import "server-only";
import type { Session, SessionResource } from "../db/generated/sqlite/client";
import type { WireSession } from "../api/routes/sessions";
import { toWireSessionResource } from "./session-resources";

export type SessionCounts = { reads: number; writes: number; storeIds: string[] };

export function toWireSession(session: Session, counts: SessionCounts, resources: readonly SessionResource[]): WireSession {
  return {
    type: "session" as const,
    id: session.id,
    agent_id: session.agentId,
    title: session.title,
    external_id: session.externalId,
    metadata: JSON.parse(session.metadata) as Record<string, string>,
    started_at: session.startedAt.toISOString(),
    ended_at: session.endedAt?.toISOString() ?? null,
    read_count: counts.reads,
    write_count: counts.writes,
    memory_store_ids: counts.storeIds,
    resources: resources.map(toWireSessionResource),
  };
}
