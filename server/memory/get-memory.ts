import "server-only";
import { authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { findLiveMemory } from "./find-live-memory";
import { recordRead } from "./record-read";

export async function getMemory(ctx: RequestContext, storeId: string, memoryId: string, options: { recordRead?: boolean } = {}) {
  await authorizeStore(ctx, "memory:read", storeId);
  const { db } = await getDb();
  const memory = await findLiveMemory(db, storeId, memoryId);
  if (options.recordRead) await recordRead(ctx, memory);
  return memory;
}
