import "server-only";
import { auditRequest } from "../audit/append-audit-event";
import type { RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { publishInTransaction } from "../events/publish-in-transaction";
import { authorizeReview, closeProposal, reviewerOf } from "./authorize-review";
import { proposalEvent } from "./proposal-event";
import { toWireProposal } from "./serialize-proposal";

/** Rejects a pending proposal with a reason; memory is not touched. */
export async function rejectProposal(ctx: RequestContext, proposalId: string, reason: string) {
  const proposal = await authorizeReview(ctx, proposalId);
  const workspaceId = ctx.principal.workspaceId;
  const closed = await runTransaction(
    async (t) => {
      const now = new Date();
      const row = await closeProposal(t.tx, proposal, { status: "rejected", reviewedBy: JSON.stringify(reviewerOf(ctx)), reviewedAt: now, reason });
      const event = await auditRequest(t.tx, ctx, {
        action: "proposal.rejected",
        storeId: row.storeId,
        sessionId: row.sessionId,
        targetType: "proposal",
        targetId: row.id,
        createdAt: now,
        data: { proposal_id: row.id, memory_id: row.memoryId, operation: row.operation, path: row.path, reason, proposed_by_api_key_id: row.apiKeyId },
      });
      await publishInTransaction(t, proposalEvent(row, "proposal.rejected", event.seq, now));
      return row;
    },
    { lockWorkspace: workspaceId },
  );
  return toWireProposal(closed);
}
