import "server-only";
import { newId } from "@/lib/ids";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { auditRequest } from "../audit/append-audit-event";
import { runTransaction } from "../db/transaction";
import { assertUniqueStoreName } from "./assert-unique-store-name";
import { requireRetention, retentionColumns, type RetentionInput } from "../retention/retention-input";
import { mergeMetadata, requireDescription, requireStoreName } from "./store-input";

export type CreateStoreInput = { name: unknown; description?: unknown; metadata?: Record<string, string> | null; retention?: RetentionInput | null };

export async function createStore(ctx: RequestContext, input: CreateStoreInput) {
  authorize(ctx, "stores:manage");
  const name = requireStoreName(input.name);
  const description = input.description === undefined || input.description === null ? "" : requireDescription(input.description);
  const metadata = mergeMetadata({}, input.metadata ?? {});
  const retention = input.retention ? retentionColumns(requireRetention(input.retention)) : {};
  return runTransaction(
    async ({ tx }) => {
      await assertUniqueStoreName(tx, ctx.principal.workspaceId, name);
      const now = new Date();
      const store = await tx.store.create({
        data: {
          id: newId("store"),
          workspaceId: ctx.principal.workspaceId,
          name,
          description,
          metadata: JSON.stringify(metadata),
          ...retention,
          createdAt: now,
          updatedAt: now,
        },
      });
      await auditRequest(tx, ctx, {
        action: "store.created",
        storeId: store.id,
        targetType: "memory_store",
        targetId: store.id,
        data: { name },
      });
      return store;
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
