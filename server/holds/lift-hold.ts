import "server-only";
import { authorize } from "../auth/authorize";
import { actorOf, type RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { ApiError, badRequest } from "../http/api-error";
import { findHold } from "./get-hold";
import { recordHoldEvent } from "./record-hold-event";
import { toWireHold } from "./serialize-hold";

/** Lifts an active hold, with a reason; the hold stays on record as lifted. */
export async function liftHold(ctx: RequestContext, holdId: string, input: { reason: string }) {
  authorize(ctx, "holds:manage");
  const reason = input.reason.trim();
  if (!reason) throw badRequest("reason: lifting a legal hold needs a reason");
  const hold = await runTransaction(
    async ({ tx }) => {
      const found = await findHold(ctx, holdId, tx);
      if (found.liftedAt) throw new ApiError("conflict_error", `Legal hold ${holdId} was already lifted at ${found.liftedAt.toISOString()}.`);
      const lifted = await tx.legalHold.update({
        where: { id: found.id },
        data: { liftedAt: new Date(), liftedBy: JSON.stringify(actorOf(ctx.principal)), liftReason: reason },
      });
      await recordHoldEvent(tx, ctx, "legal_hold.lifted", lifted, reason);
      return lifted;
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
  return toWireHold(hold);
}
