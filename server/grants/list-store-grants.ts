import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { notFound } from "../http/api-error";
import { toWireGrant } from "./serialize-grant";

/** Every grant on one store, the "all agents" grant first. */
export async function listStoreGrants(ctx: RequestContext, storeId: string) {
  authorize(ctx, "grants:manage");
  const { db } = await getDb();
  const store = await db.store.findFirst({ where: { id: storeId, workspaceId: ctx.principal.workspaceId } });
  if (!store) throw notFound(`Memory store ${storeId}`);
  const grants = await db.grant.findMany({ where: { storeId: store.id }, orderBy: [{ agentId: "asc" }, { id: "asc" }] });
  const sorted = [...grants.filter((grant) => grant.agentId === null), ...grants.filter((grant) => grant.agentId !== null)];
  return { data: sorted.map(toWireGrant), next_page: null };
}
