import "server-only";
import type { RequestContext } from "../auth/principal";
import type { Tx } from "../db/client";
import { notFound } from "../http/api-error";
import { auditRequest } from "./append-audit-event";
import { dataDigest } from "./event-hash";

export type AuditData = Record<string, unknown>;

/**
 * Replaces fields inside one audit event's data (a path, a digest that must become keyed) and
 * keeps the chain verifiable: the event stays chained over the digest of its original data, and
 * an audit.data_redacted event, chained itself, records the digest of the new data, which
 * verification then accepts in its place. Call it inside the redaction's own transaction
 * (runTransaction with lockWorkspace). Returns false when `replace` changed nothing.
 */
export async function redactAuditEventData(tx: Tx, ctx: RequestContext, eventId: string, replace: (data: AuditData) => AuditData): Promise<boolean> {
  const workspaceId = ctx.principal.workspaceId;
  const event = await tx.auditEvent.findFirst({ where: { id: eventId, workspaceId } });
  if (!event) throw notFound(`Audit event ${eventId}`);
  let data: AuditData;
  try {
    data = JSON.parse(event.data) as AuditData;
  } catch {
    data = {};
  }
  const next = JSON.stringify(replace(data));
  if (next === event.data) return false;
  await tx.auditEvent.update({ where: { id: eventId, workspaceId }, data: { data: next } });
  await auditRequest(tx, ctx, {
    action: "audit.data_redacted",
    targetType: "audit_event",
    targetId: eventId,
    data: { event_id: eventId, event_seq: event.seq, event_hash: event.hash, data_sha256: dataDigest(next) },
  });
  return true;
}
