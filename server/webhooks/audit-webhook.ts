import "server-only";
import type { AuditAction } from "../audit/audit-actions";
import { auditRequest } from "../audit/append-audit-event";
import type { RequestContext } from "../auth/principal";
import type { Tx } from "../db/client";

/** Records an admin's change to an endpoint in the caller's transaction. Never the URL (it may carry a token) nor a secret: host and prefix only. */
export function auditWebhook(tx: Tx, ctx: RequestContext, action: AuditAction, webhookId: string, data: Record<string, unknown>) {
  return auditRequest(tx, ctx, {
    action,
    targetType: "webhook",
    targetId: webhookId,
    data,
  });
}
