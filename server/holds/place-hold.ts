import "server-only";
import { newId } from "@/lib/ids";
import { authorize, authorizeStore } from "../auth/authorize";
import { actorOf, type RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { badRequest, notFound } from "../http/api-error";
import { recordHoldEvent } from "./record-hold-event";
import { toWireHold } from "./serialize-hold";

export type PlaceHoldInput = { storeId: string; memoryId?: string | null; reason: string };

/** Places a legal hold on a store, or on one memory of it (deleted or not: its history is what is held). */
export async function placeHold(ctx: RequestContext, input: PlaceHoldInput) {
  authorize(ctx, "holds:manage");
  const store = await authorizeStore(ctx, "stores:read", input.storeId);
  const reason = input.reason.trim();
  if (!reason) throw badRequest("reason: a legal hold needs a reason");
  const hold = await runTransaction(
    async ({ tx }) => {
      if (
        input.memoryId &&
        !(await tx.memory.findFirst({ where: { id: input.memoryId, workspaceId: store.workspaceId, storeId: input.storeId }, select: { id: true } }))
      ) {
        throw notFound(`Memory ${input.memoryId}`);
      }
      const placed = await tx.legalHold.create({
        data: {
          id: newId("legalHold"),
          workspaceId: ctx.principal.workspaceId,
          storeId: input.storeId,
          memoryId: input.memoryId ?? null,
          reason,
          placedBy: JSON.stringify(actorOf(ctx.principal)),
          placedAt: new Date(),
        },
      });
      await recordHoldEvent(tx, ctx, "legal_hold.placed", placed, reason);
      return placed;
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
  return toWireHold(hold);
}
