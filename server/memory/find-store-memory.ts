import "server-only";
import type { Tx } from "../db/client";
import { notFound } from "../http/api-error";

/** A memory of the store, deleted or not (history outlives deletion), or 404. */
export async function findStoreMemory(tx: Tx, storeId: string, memoryId: string) {
  const memory = await tx.memory.findFirst({ where: { id: memoryId, storeId } });
  if (!memory) throw notFound(`Memory ${memoryId}`);
  return memory;
}
