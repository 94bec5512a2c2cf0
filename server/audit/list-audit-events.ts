import "server-only";
import type { WireAuditEvent } from "../api/routes/audit-events";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import type { AuditEvent } from "../db/generated/sqlite/client";
import { badRequest } from "../http/api-error";
import { decodeCursor, pageOf } from "../http/cursor";
import { sealWorkspace } from "./seal-audit-events";

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

export function toWireAuditEvent(event: AuditEvent): WireAuditEvent {
  return {
    type: "audit_event",
    id: event.id,
    seq: event.seq,
    created_at: event.createdAt.toISOString(),
    actor: { type: event.actorType, id: event.actorId },
    action: event.action,
    store_id: event.storeId,
    session_id: event.sessionId,
    target: event.targetType ? { type: event.targetType, id: event.targetId } : null,
    request_id: event.requestId,
    data: parseData(event.data),
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

// A corrupt row (verification reports it at its seq) must not make the log unreadable.
function parseData(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { unreadable_data: text.slice(0, 200) };
  }
}

/** The workspace's audit log, newest first by seq (sealed events only). */
export async function listAuditEvents(ctx: RequestContext, input: ListAuditEventsInput) {
  authorize(ctx, "audit:read");
  // PostgreSQL: events committed a moment ago may still wait for the sealer; seal them first so
  // a writer that lists the log sees its own change.
  await sealWorkspace(ctx.principal.workspaceId, "recent");
  const { db } = await getDb();
  const cursor = decodeCursor(input.page, { seq: "integer" });
  if (cursor && !Number.isInteger(cursor.seq)) throw badRequest("page is not a valid cursor; pass the next_page value of a previous response");
  const rows = await db.auditEvent.findMany({
    where: {
      workspaceId: ctx.principal.workspaceId,
      ...(input.action ? { action: input.action } : {}),
      ...(input.actorId ? { actorId: input.actorId } : {}),
      ...(input.storeId ? { storeId: input.storeId } : {}),
      ...(input.sessionId ? { sessionId: input.sessionId } : {}),
      ...(input.createdGte || input.createdLte ? { createdAt: { gte: input.createdGte, lte: input.createdLte } } : {}),
      seq: cursor ? { lt: cursor.seq, gt: 0 } : { gt: 0 },
    },
    orderBy: { seq: "desc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, toWireAuditEvent, (row) => ({ seq: row.seq }));
}
