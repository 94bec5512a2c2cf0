import "server-only";
import type { RequestContext } from "../auth/principal";
import type { Tx } from "../db/client";
import type { MemoryVersion } from "../db/generated/sqlite/client";
import { badRequest, notFound } from "../http/api-error";
import { sessionScope } from "../sessions/session-access";
import type { WireMemoryAt } from "../api/schemas";
import type { View } from "./serialize";
import { visibleFields } from "../redaction/visible-fields";

/** A moment to look at a store: a time, or right after a session's last write. */
export type PointInTime = { at?: Date; sessionId?: string };

/**
 * The moment as the newest version id that belongs to it (ids are time-ordered and a workspace's
 * writes are serialised, so "versions up to this id" is "the store at that moment"); null when
 * nothing had been written yet.
 */
export async function resolvePointInTime(db: Tx, ctx: RequestContext, storeId: string, when: PointInTime) {
  if ((when.at === undefined) === (when.sessionId === undefined)) throw badRequest("Pass exactly one of at (RFC 3339 time) or session_id.");
  if (when.at) {
    const last = await db.memoryVersion.findFirst({
      where: { workspaceId: ctx.principal.workspaceId, storeId, createdAt: { lte: when.at } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    return { boundaryId: last?.id ?? null, asOf: { at: when.at.toISOString(), session_id: null, version_id: last?.id ?? null } };
  }
  const sessionId = when.sessionId!;
  // Only a session the reader may see, and only its writes to this store (which the caller has
  // authorized): another agent's session, or one that wrote elsewhere, tells nothing.
  const session = await db.session.findFirst({ where: { id: sessionId, ...sessionScope(ctx.principal) }, select: { id: true } });
  if (!session) throw notFound(`Session ${sessionId}`);
  const last = await db.memoryVersion.findFirst({
    where: { workspaceId: ctx.principal.workspaceId, storeId, sessionId },
    orderBy: { id: "desc" },
    select: { id: true, createdAt: true },
  });
  if (!last) throw badRequest(`Session ${sessionId} has written no memories in this store; pick a time with at instead.`);
  return { boundaryId: last.id, asOf: { at: last.createdAt.toISOString(), session_id: sessionId, version_id: last.id } };
}

/** A memory as one of its versions shows it; a redacted version shows neither content nor hash. */
export function toWireMemoryAt(version: MemoryVersion, memory: { createdAt: Date; path: string }, view: View): WireMemoryAt {
  const shown = visibleFields(version);
  return {
    type: "memory" as const,
    id: version.memoryId,
    memory_store_id: version.storeId,
    // Redaction clears a version's path; the memory's current path stands in for it.
    path: shown.path ?? memory.path,
    content_sha256: shown.contentSha256,
    content_size_bytes: shown.sizeBytes,
    memory_version_id: version.id,
    created_at: memory.createdAt.toISOString(),
    updated_at: version.createdAt.toISOString(),
    content: view === "full" ? shown.content : null,
    redacted_at: version.redactedAt?.toISOString() ?? null,
  };
}
