import "server-only";
import type { Tx } from "../db/client";
import { notFound } from "../http/api-error";
import type { StoreRef } from "../stores/store-ref";

/** A memory that exists (not deleted) in the store, or 404. */
export async function findLiveMemory(tx: Tx, store: StoreRef, memoryId: string) {
  const memory = await tx.memory.findFirst({ where: { id: memoryId, workspaceId: store.workspaceId, storeId: store.id, deletedAt: null } });
  if (!memory) throw notFound(`Memory ${memoryId}`);
  return memory;
}
