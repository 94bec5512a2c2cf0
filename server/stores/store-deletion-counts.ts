import "server-only";
import { authorize, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";

/** What deleting a store would remove (memories and versions), for the confirmation. */
export async function storeDeletionCounts(ctx: RequestContext, storeId: string): Promise<{ memories: number; versions: number }> {
  authorize(ctx, "stores:manage");
  const { workspaceId } = await authorizeStore(ctx, "stores:read", storeId);
  const { db } = await getDb();
  const [memories, versions] = await Promise.all([
    db.memory.count({ where: { workspaceId, storeId } }),
    db.memoryVersion.count({ where: { workspaceId, storeId } }),
  ]);
  return { memories, versions };
}
