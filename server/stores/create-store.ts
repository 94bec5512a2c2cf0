import "server-only";
import { newId } from "@/lib/ids";
import { authorize } from "../auth/authorize";
import { auditActorOf, type RequestContext } from "../auth/principal";
import { appendAuditEvent } from "../audit/append-audit-event";
import { runTransaction } from "../db/transaction";
import { mergeMetadata, requireDescription, requireStoreName } from "./store-input";

export type CreateStoreInput = { name: unknown; description?: unknown; metadata?: Record<string, string> | null };

export async function createStore(ctx: RequestContext, input: CreateStoreInput) {
  authorize(ctx, "stores:manage");
  const name = requireStoreName(input.name);
  const description = input.description === undefined || input.description === null ? "" : requireDescription(input.description);
  const metadata = mergeMetadata({}, input.metadata ?? {});
  return runTransaction(
    async ({ tx }) => {
      const now = new Date();
      const store = await tx.store.create({
        data: {
          id: newId("store"),
          workspaceId: ctx.principal.workspaceId,
          name,
          description,
          metadata: JSON.stringify(metadata),
          createdAt: now,
          updatedAt: now,
        },
      });
      await appendAuditEvent(tx, {
        workspaceId: ctx.principal.workspaceId,
        ...auditActorOf(ctx.principal),
        action: "store.created",
        storeId: store.id,
        targetType: "memory_store",
        targetId: store.id,
        requestId: ctx.requestId,
        data: { name },
      });
      return store;
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
