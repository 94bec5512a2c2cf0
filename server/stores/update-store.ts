import "server-only";
import { assertNotArchived, authorize, authorizeStore } from "../auth/authorize";
import { auditActorOf, type RequestContext } from "../auth/principal";
import { appendAuditEvent } from "../audit/append-audit-event";
import { runTransaction } from "../db/transaction";
import { mergeMetadata, requireDescription, requireStoreName } from "./store-input";

export type UpdateStoreInput = { name?: unknown; description?: unknown; metadata?: Record<string, string | null> | null };

export async function updateStore(ctx: RequestContext, storeId: string, input: UpdateStoreInput) {
  authorize(ctx, "stores:manage");
  await authorizeStore(ctx, "stores:read", storeId);
  const name = input.name === undefined || input.name === null ? undefined : requireStoreName(input.name);
  const description = input.description === undefined || input.description === null ? undefined : requireDescription(input.description);
  return runTransaction(
    async ({ tx }) => {
      const store = await tx.store.findUniqueOrThrow({ where: { id: storeId } });
      assertNotArchived(store);
      const metadata = input.metadata ? mergeMetadata(JSON.parse(store.metadata), input.metadata) : undefined;
      const changed =
        (name !== undefined && name !== store.name) ||
        (description !== undefined && description !== store.description) ||
        (metadata !== undefined && JSON.stringify(metadata) !== store.metadata);
      if (!changed) return store;
      const updated = await tx.store.update({
        where: { id: storeId },
        data: { name, description, metadata: metadata ? JSON.stringify(metadata) : undefined, updatedAt: new Date() },
      });
      await appendAuditEvent(tx, {
        workspaceId: ctx.principal.workspaceId,
        ...auditActorOf(ctx.principal),
        action: "store.updated",
        storeId,
        targetType: "memory_store",
        targetId: storeId,
        requestId: ctx.requestId,
        data: { name: updated.name, fields: Object.keys(input).filter((key) => (input as Record<string, unknown>)[key] !== undefined) },
      });
      return updated;
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
