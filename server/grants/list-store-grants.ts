import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { notFound } from "../http/api-error";
import { decodeCursor, pageOf } from "../http/cursor";
import { toWireGrant } from "./serialize-grant";

/**
 * One store's grants, a page at a time: the "all agents" grant first, then one per agent by agent
 * id. A store holds at most one grant per agent, so the agent id is the cursor ("" before them all).
 */
export async function listStoreGrants(ctx: RequestContext, storeId: string, input: { limit: number; page?: string }) {
  authorize(ctx, "grants:manage");
  const { db } = await getDb();
  const store = await db.store.findFirst({ where: { id: storeId, workspaceId: ctx.principal.workspaceId } });
  if (!store) throw notFound(`Memory store ${storeId}`);
  const cursor = decodeCursor(input.page, { agentId: "string" });
  const everyone = cursor ? [] : await db.grant.findMany({ where: { workspaceId: store.workspaceId, storeId: store.id, agentId: null } });
  const agents = await db.grant.findMany({
    where: { workspaceId: store.workspaceId, storeId: store.id, agentId: cursor ? { gt: cursor.agentId } : { not: null } },
    orderBy: { agentId: "asc" },
    take: input.limit + 1 - everyone.length,
  });
  return pageOf([...everyone, ...agents], input.limit, toWireGrant, (grant) => ({ agentId: grant.agentId ?? "" }));
}
