import "server-only";
import { authorizeStore } from "../auth/authorize";
import { checkVisible } from "../auth/authorize-write";
import { storePolicy } from "../auth/store-policy";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { findLiveMemory } from "./find-live-memory";
import { recordRead } from "./record-read";
import { findLiveMemorySqlite } from "./sqlite-rows";

export async function getMemory(ctx: RequestContext, storeId: string, memoryId: string, options: { recordRead?: boolean } = {}) {
  const store = await authorizeStore(ctx, "memory:read", storeId);
  const { db, sqlite } = await getDb();
  // SQLite: one prepared statement instead of a Prisma query (whose compilation costs more than the read): the agents' hottest read.
  const memory = sqlite ? findLiveMemorySqlite(sqlite, storeId, memoryId) : await findLiveMemory(db, store, memoryId);
  checkVisible(await storePolicy(ctx.principal, storeId), memory);
  if (options.recordRead) await recordRead(ctx, memory);
  return memory;
}
