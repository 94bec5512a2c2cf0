import "server-only";
import type { Tx } from "../db/client";
import { notFound } from "../http/api-error";

/** A memory that exists (not deleted) in the store, or 404. */
export async function findLiveMemory(tx: Tx, storeId: string, memoryId: string) {
  const memory = await tx.memory.findFirst({ where: { id: memoryId, storeId, deletedAt: null } });
  if (!memory) throw notFound(`Memory ${memoryId}`);
  return memory;
}
