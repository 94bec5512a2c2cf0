import "server-only";
import type { Tx } from "../db/client";
import { notFound } from "../http/api-error";
import type { StoreRef } from "../stores/store-ref";

/** A memory of the store, deleted or not (history outlives deletion), or 404. */
export async function findStoreMemory(tx: Tx, store: StoreRef, memoryId: string) {
  const memory = await tx.memory.findFirst({ where: { id: memoryId, workspaceId: store.workspaceId, storeId: store.id } });
  if (!memory) throw notFound(`Memory ${memoryId}`);
  return memory;
}
