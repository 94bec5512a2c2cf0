import "server-only";
import { authorize, authorizeStore } from "../auth/authorize";
import { auditActorOf, type RequestContext } from "../auth/principal";
import { appendAuditEvent } from "../audit/append-audit-event";
import { runTransaction } from "../db/transaction";
import { scrubDatabaseFiles } from "../db/scrub";

/** Removes the store with all its memories, versions, reads and grants. */
export async function deleteStore(ctx: RequestContext, storeId: string) {
  authorize(ctx, "stores:manage");
  const store = await authorizeStore(ctx, "stores:read", storeId);
  await runTransaction(
    async ({ tx }) => {
      const counts = {
        memories: await tx.memory.count({ where: { storeId } }),
        versions: await tx.memoryVersion.count({ where: { storeId } }),
      };
      await tx.store.delete({ where: { id: storeId } });
      await appendAuditEvent(tx, {
        workspaceId: ctx.principal.workspaceId,
        ...auditActorOf(ctx.principal),
        action: "store.deleted",
        storeId,
        targetType: "memory_store",
        targetId: storeId,
        requestId: ctx.requestId,
        data: { name: store.name, ...counts },
      });
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
  await scrubDatabaseFiles();
  return { id: storeId, type: "memory_store_deleted" as const };
}
