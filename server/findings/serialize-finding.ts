import "server-only";
import type { WireFinding } from "../api/routes/findings";
import type { WireActor } from "../api/schemas";
import type { Finding } from "../db/generated/sqlite/client";

export function serializeFinding(f: Finding): WireFinding {
  return {
    type: "finding" as const,
    id: f.id,
    memory_store_id: f.storeId,
    memory_id: f.memoryId,
    memory_version_id: f.versionId,
    rule: f.rule,
    kind: f.kind as "secret" | "personal",
    line: f.line,
    column: f.column,
    preview: f.preview,
    status: f.status as "open" | "redacted" | "dismissed",
    reason: f.reason,
    resolved_by: f.resolvedBy ? (JSON.parse(f.resolvedBy) as WireActor) : null,
    resolved_at: f.resolvedAt?.toISOString() ?? null,
    redaction_id: f.redactionId,
    created_at: f.createdAt.toISOString(),
  };
}
