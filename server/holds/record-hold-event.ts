import "server-only";
import { auditRequest } from "../audit/append-audit-event";
import type { RequestContext } from "../auth/principal";
import type { Tx } from "../db/client";
import type { LegalHold } from "../db/generated/sqlite/client";

/** The audit event of placing or lifting a hold, in the caller's transaction. */
export function recordHoldEvent(tx: Tx, ctx: RequestContext, action: "legal_hold.placed" | "legal_hold.lifted", hold: LegalHold, reason: string) {
  return auditRequest(tx, ctx, {
    action,
    storeId: hold.storeId,
    targetType: "legal_hold",
    targetId: hold.id,
    data: { hold_id: hold.id, memory_id: hold.memoryId, reason },
  });
}
