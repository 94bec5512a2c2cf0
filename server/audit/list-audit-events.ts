import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import type { AuditEvent } from "../db/generated/sqlite/client";
import { badRequest } from "../http/api-error";
import { decodeCursor, pageOf } from "../http/cursor";

export type ListAuditEventsInput = {
  limit: number;
  page?: string;
  action?: string;
  actorId?: string;
  storeId?: string;
  sessionId?: string;
  createdGte?: Date;
  createdLte?: Date;
};

export function toWireAuditEvent(event: AuditEvent) {
  return {
    type: "audit_event" as const,
    id: event.id,
    seq: event.seq,
    created_at: event.createdAt.toISOString(),
    actor: { type: event.actorType, id: event.actorId },
    action: event.action,
    store_id: event.storeId,
    session_id: event.sessionId,
    target: event.targetType ? { type: event.targetType, id: event.targetId } : null,
    request_id: event.requestId,
    data: JSON.parse(event.data) as Record<string, unknown>,
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

/** The workspace's audit log, newest first by seq. */
export async function listAuditEvents(ctx: RequestContext, input: ListAuditEventsInput) {
  authorize(ctx, "audit:read");
  const { db } = await getDb();
  const cursor = decodeCursor<{ seq: number }>(input.page, ["seq"]);
  if (cursor && !Number.isInteger(cursor.seq)) throw badRequest("page is not a valid cursor; pass the next_page value of a previous response");
  const rows = await db.auditEvent.findMany({
    where: {
      workspaceId: ctx.principal.workspaceId,
      ...(input.action ? { action: input.action } : {}),
      ...(input.actorId ? { actorId: input.actorId } : {}),
      ...(input.storeId ? { storeId: input.storeId } : {}),
      ...(input.sessionId ? { sessionId: input.sessionId } : {}),
      ...(input.createdGte || input.createdLte ? { createdAt: { gte: input.createdGte, lte: input.createdLte } } : {}),
      ...(cursor ? { seq: { lt: cursor.seq } } : {}),
    },
    orderBy: { seq: "desc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, toWireAuditEvent, (row) => ({ seq: row.seq }));
}
