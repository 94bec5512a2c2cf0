import "server-only";
import type { Memory, MemoryVersion, Store } from "../db/generated/sqlite/client";
import type { WireActor, WireMemory, WireMemoryStore, WireMemoryVersion, WireVersionRedaction } from "../api/schemas";
import { visibleFields } from "../redaction/visible-fields";

export type View = "basic" | "full";

export function toWireStore(store: Store): WireMemoryStore {
  return {
    type: "memory_store" as const,
    id: store.id,
    name: store.name,
    description: store.description,
    metadata: JSON.parse(store.metadata) as Record<string, string>,
    created_at: store.createdAt.toISOString(),
    updated_at: store.updatedAt.toISOString(),
    archived_at: store.archivedAt?.toISOString() ?? null,
  };
}

export function toWireMemory(memory: Memory, view: View): WireMemory {
  return {
    type: "memory" as const,
    id: memory.id,
    memory_store_id: memory.storeId,
    path: memory.path,
    content_sha256: memory.contentSha256,
    content_size_bytes: memory.sizeBytes,
    memory_version_id: memory.headVersionId,
    created_at: memory.createdAt.toISOString(),
    updated_at: memory.updatedAt.toISOString(),
    content: view === "full" ? memory.content : null,
  };
}

export function versionActor(version: Pick<MemoryVersion, "actorType" | "sessionId" | "apiKeyId" | "userId">): WireActor {
  if (version.actorType === "session" && version.sessionId) return { type: "session_actor", session_id: version.sessionId };
  if (version.actorType === "user" && version.userId) return { type: "user_actor", user_id: version.userId };
  return { type: "api_actor", api_key_id: version.apiKeyId ?? "" };
}

export function toWireVersion(version: MemoryVersion, view: View, redaction: WireVersionRedaction | null = null): WireMemoryVersion {
  const shown = visibleFields(version);
  return {
    type: "memory_version" as const,
    id: version.id,
    memory_id: version.memoryId,
    memory_store_id: version.storeId,
    operation: version.operation as "created" | "modified" | "deleted",
    path: shown.path,
    content: view === "full" ? shown.content : null,
    content_sha256: shown.contentSha256,
    content_size_bytes: shown.sizeBytes,
    created_at: version.createdAt.toISOString(),
    created_by: versionActor(version),
    redacted_at: version.redactedAt?.toISOString() ?? null,
    redacted_by: version.redactedBy ? (JSON.parse(version.redactedBy) as WireActor) : null,
    // Engram extensions: what caused the change, beyond the three wire operations.
    engram: {
      cause: version.cause,
      previous_path: shown.previousPath,
      restored_from_version_id: version.restoredFromId,
      agent_id: version.agentId,
      // The key that made a session write: an admin key inside an agent's session is not the agent.
      api_key_id: version.apiKeyId,
      // Who changed this version by redaction (text, finding or whole), when and why.
      redaction,
    },
  };
}
