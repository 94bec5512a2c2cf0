import "server-only";
import type { WireApiKey } from "../api/routes/api-keys";
import type { ApiKey } from "../db/generated/sqlite/client";

/** A key as the API shows it: the visible prefix, never the hash or the secret. */
export function toWireApiKey(key: ApiKey): WireApiKey {
  return {
    type: "api_key" as const,
    id: key.id,
    name: key.name,
    kind: key.kind as "admin" | "agent",
    agent_id: key.agentId,
    prefix: key.prefix,
    created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}
