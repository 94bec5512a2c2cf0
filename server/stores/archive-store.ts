import "server-only";
import { authorize, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { auditRequest } from "../audit/append-audit-event";
import { runTransaction } from "../db/transaction";

/** One-way: an archived store keeps its memories readable but accepts no more writes. */
export async function archiveStore(ctx: RequestContext, storeId: string) {
  authorize(ctx, "stores:manage");
  await authorizeStore(ctx, "stores:read", storeId);
  return runTransaction(
    async ({ tx }) => {
      const store = await tx.store.findUniqueOrThrow({ where: { id: storeId } });
      if (store.archivedAt) return store;
      const now = new Date();
      const archived = await tx.store.update({ where: { id: storeId }, data: { archivedAt: now, updatedAt: now } });
      await auditRequest(tx, ctx, {
        action: "store.archived",
        storeId,
        targetType: "memory_store",
        targetId: storeId,
      });
      return archived;
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
