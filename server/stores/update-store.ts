import "server-only";
import { assertNotArchived, authorize, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { auditRequest } from "../audit/append-audit-event";
import { runTransaction } from "../db/transaction";
import { assertUniqueStoreName } from "./assert-unique-store-name";
import { policyOf, requireRetention, retentionColumns, type RetentionInput } from "../retention/retention-input";
import { mergeMetadata, requireDescription, requireStoreName } from "./store-input";

export type UpdateStoreInput = { name?: unknown; description?: unknown; metadata?: Record<string, string | null> | null; retention?: RetentionInput | null };

export async function updateStore(ctx: RequestContext, storeId: string, input: UpdateStoreInput) {
  authorize(ctx, "stores:manage");
  await authorizeStore(ctx, "stores:read", storeId);
  const name = input.name === undefined || input.name === null ? undefined : requireStoreName(input.name);
  const description = input.description === undefined || input.description === null ? undefined : requireDescription(input.description);
  const retention = input.retention ? requireRetention(input.retention) : undefined;
  return runTransaction(
    async ({ tx }) => {
      const store = await tx.store.findUniqueOrThrow({ where: { id: storeId } });
      assertNotArchived(store);
      const metadata = input.metadata ? mergeMetadata(JSON.parse(store.metadata), input.metadata) : undefined;
      const changed =
        (name !== undefined && name !== store.name) ||
        (description !== undefined && description !== store.description) ||
        (metadata !== undefined && JSON.stringify(metadata) !== store.metadata) ||
        (retention !== undefined && JSON.stringify(retention) !== JSON.stringify(policyOf(store)));
      if (!changed) return store;
      if (name !== undefined && name.toLowerCase() !== store.name.toLowerCase()) await assertUniqueStoreName(tx, ctx.principal.workspaceId, name, storeId);
      const updated = await tx.store.update({
        where: { id: storeId },
        data: {
          name,
          description,
          metadata: metadata ? JSON.stringify(metadata) : undefined,
          ...(retention ? retentionColumns(retention) : {}),
          updatedAt: new Date(),
        },
      });
      await auditRequest(tx, ctx, {
        action: "store.updated",
        storeId,
        targetType: "memory_store",
        targetId: storeId,
        data: {
          name: updated.name,
          fields: Object.keys(input).filter((key) => (input as Record<string, unknown>)[key] !== undefined),
          ...(retention ? { retention } : {}),
        },
      });
      return updated;
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
