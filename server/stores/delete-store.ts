import "server-only";
import { authorize, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { auditRequest } from "../audit/append-audit-event";
import { runTransaction } from "../db/transaction";
import { scrubDatabaseFiles } from "../db/scrub";
import { assertNoHold } from "../holds/active-holds";

/** Removes the store with all its memories, versions, reads and grants; refused (409) while a legal hold covers the store or any of its memories. */
export async function deleteStore(ctx: RequestContext, storeId: string) {
  authorize(ctx, "stores:manage");
  const store = await authorizeStore(ctx, "stores:read", storeId);
  await runTransaction(
    async ({ tx }) => {
      await assertNoHold(tx, `Memory store ${storeId}`, storeId);
      const counts = {
        memories: await tx.memory.count({ where: { workspaceId: store.workspaceId, storeId } }),
        versions: await tx.memoryVersion.count({ where: { workspaceId: store.workspaceId, storeId } }),
      };
      await tx.store.delete({ where: { id: storeId } });
      await auditRequest(tx, ctx, {
        action: "store.deleted",
        storeId,
        targetType: "memory_store",
        targetId: storeId,
        data: { name: store.name, ...counts },
      });
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
  await scrubDatabaseFiles(ctx.principal.workspaceId);
  return { id: storeId, type: "memory_store_deleted" as const };
}
