import "server-only";
import type { Memory, MemoryVersion, Store } from "../db/generated/sqlite/client";
import type { WireActor } from "../auth/principal";

export type View = "basic" | "full";

export function toWireStore(store: Store) {
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

export function toWireMemory(memory: Memory, view: View) {
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

export function toWireVersion(version: MemoryVersion, view: View) {
  const redacted = version.redactedAt !== null;
  return {
    type: "memory_version" as const,
    id: version.id,
    memory_id: version.memoryId,
    memory_store_id: version.storeId,
    operation: version.operation as "created" | "modified" | "deleted",
    path: redacted ? null : version.path,
    content: view === "full" && !redacted ? version.content : null,
    content_sha256: redacted ? null : version.contentSha256,
    content_size_bytes: redacted ? null : version.sizeBytes,
    created_at: version.createdAt.toISOString(),
    created_by: versionActor(version),
    redacted_at: version.redactedAt?.toISOString() ?? null,
    redacted_by: version.redactedBy ? (JSON.parse(version.redactedBy) as WireActor) : null,
    // Engram extensions: what caused the change, beyond the three wire operations.
    engram: {
      cause: version.cause,
      previous_path: redacted ? null : version.previousPath,
      restored_from_version_id: version.restoredFromId,
      agent_id: version.agentId,
    },
  };
}
