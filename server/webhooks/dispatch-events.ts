import "server-only";
import { newId } from "@/lib/ids";
import { getDb } from "../db/client";
import { runTransaction } from "../db/transaction";
import { eventsOfAudit } from "./events-of-audit";

const BATCH = 200;

/**
 * Turns the workspace's sealed audit events after its cursor into delivery rows, one batch, in
 * one transaction with the cursor's advance: an event is queued for every endpoint subscribed to
 * it exactly once, even with several instances (the cursor moves by compare-and-set; a loser's
 * transaction rolls back). Seq order is commit order on both databases, so a cursor never skips
 * an event that commits later. Resolves to how many audit events it consumed.
 */
export async function dispatchWorkspace(workspaceId: string): Promise<number> {
  return runTransaction(async ({ tx }) => {
    const cursor = await tx.webhookCursor.findUnique({ where: { workspaceId } });
    if (!cursor) return 0;
    const audits = await tx.auditEvent.findMany({
      where: { workspaceId, seq: { gt: cursor.seq } },
      orderBy: { seq: "asc" },
      take: BATCH,
      select: { id: true, workspaceId: true, seq: true, createdAt: true, action: true, storeId: true, sessionId: true, targetId: true, data: true },
    });
    if (audits.length === 0) return 0;
    const last = audits[audits.length - 1].seq;
    const now = new Date();
    const moved = await tx.webhookCursor.updateMany({ where: { workspaceId, seq: cursor.seq }, data: { seq: last, updatedAt: now } });
    if (moved.count !== 1) throw new CursorMoved();
    const endpoints = (await tx.webhookEndpoint.findMany({ where: { workspaceId, disabledAt: null } })).map((e) => ({
      ...e,
      wants: new Set(JSON.parse(e.events) as string[]),
    }));
    if (endpoints.length === 0) return audits.length;
    const rows = [];
    for (const audit of audits) {
      for (const event of await eventsOfAudit(tx, audit)) {
        for (const endpoint of endpoints) {
          if (audit.seq <= endpoint.startSeq || !endpoint.wants.has(event.type)) continue;
          rows.push({
            id: newId("webhookDelivery"),
            workspaceId,
            endpointId: endpoint.id,
            eventId: event.id,
            eventType: event.type,
            payload: JSON.stringify(event.envelope),
            nextAttemptAt: now,
            createdAt: now,
          });
        }
      }
    }
    if (rows.length) await tx.webhookDelivery.createMany({ data: rows });
    return audits.length;
  }).catch((error: unknown) => {
    if (error instanceof CursorMoved) return 0;
    throw error;
  });
}

/** Another instance dispatched the same events first. */
class CursorMoved extends Error {}

/** Dispatches every followed workspace that has sealed events past its cursor; resolves to how many events were consumed. */
export async function dispatchAll(): Promise<number> {
  const { db } = await getDb();
  const cursors = await db.webhookCursor.findMany({ select: { workspaceId: true, seq: true } });
  let total = 0;
  for (const cursor of cursors) {
    const newer = await db.auditEvent.findFirst({ where: { workspaceId: cursor.workspaceId, seq: { gt: cursor.seq } }, select: { id: true } });
    if (newer) total += await dispatchWorkspace(cursor.workspaceId);
  }
  return total;
}
