import "server-only";
import { authorizeStore } from "../auth/authorize";
import { checkVisible } from "../auth/authorize-write";
import { storePolicy } from "../auth/store-policy";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { partitionSuffix } from "../db/partition-suffix";
import { runReadStep } from "../db/run-step";
import { notFound } from "../http/api-error";
import { recordRead } from "./record-read";
import { writeStore } from "./write/write-store";

export async function getMemory(ctx: RequestContext, storeId: string, memoryId: string, options: { recordRead?: boolean } = {}) {
  const store = await authorizeStore(ctx, "memory:read", storeId);
  const { dialect } = await getDb();
  // One prepared statement (on PostgreSQL on the workspace's partition) instead of a Prisma query,
  // whose compilation costs more than the read: the agents' hottest read.
  const s = writeStore(dialect, store.workspaceId, { partition: await partitionSuffix(dialect, store.workspaceId) });
  const memory = await runReadStep(s.liveMemory(storeId, memoryId, { lock: false }));
  if (!memory) throw notFound(`Memory ${memoryId}`);
  checkVisible(await storePolicy(ctx.principal, storeId), memory);
  if (options.recordRead) await recordRead(ctx, memory);
  return memory;
}
