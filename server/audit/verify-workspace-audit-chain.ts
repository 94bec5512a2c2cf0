import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { verifyAuditChain } from "./verify-audit-chain";

/** Verifies the caller's own workspace chain; the report names the first broken seq. */
export async function verifyWorkspaceAuditChain(ctx: RequestContext) {
  authorize(ctx, "audit:read");
  const report = await verifyAuditChain(ctx.principal.workspaceId);
  return report.ok
    ? { type: "audit_verification" as const, ok: true, events: report.events, head_seq: report.headSeq, head_hash: report.headHash }
    : {
        type: "audit_verification" as const,
        ok: false,
        events: report.events,
        broken_at_seq: report.brokenAtSeq,
        event_id: report.eventId,
        problem: report.problem,
      };
}
