import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { toWireAgent } from "../agents/serialize-agent";
import { toWireGrant } from "./serialize-grant";
import type { GrantAccess } from "./set-grant";

const strongest = (a: GrantAccess | null, b: GrantAccess | null): GrantAccess | null => (a === "read_write" || b === "read_write" ? "read_write" : (a ?? b));

/**
 * The workspace's whole agents × stores matrix: every agent, every store, every grant, and
 * for each pair the access an agent key actually gets (its own grant or the "all agents" one).
 */
export async function listGrants(ctx: RequestContext) {
  authorize(ctx, "grants:manage");
  const { db } = await getDb();
  const { workspaceId } = ctx.principal;
  const [agents, stores, grants] = await Promise.all([
    db.agent.findMany({ where: { workspaceId }, orderBy: { name: "asc" } }),
    db.store.findMany({ where: { workspaceId }, orderBy: { name: "asc" }, select: { id: true, name: true, archivedAt: true } }),
    db.grant.findMany({ where: { workspaceId }, orderBy: { id: "asc" } }),
  ]);
  const direct = new Map(grants.map((grant) => [`${grant.storeId} ${grant.agentId ?? "*"}`, grant.access as GrantAccess]));
  const effective = agents.flatMap((agent) =>
    stores.flatMap((store) => {
      const access = strongest(direct.get(`${store.id} ${agent.id}`) ?? null, direct.get(`${store.id} *`) ?? null);
      return access ? [{ agent_id: agent.id, memory_store_id: store.id, access }] : [];
    }),
  );
  return {
    type: "grant_matrix" as const,
    agents: agents.map(toWireAgent),
    memory_stores: stores.map((store) => ({ id: store.id, name: store.name, archived_at: store.archivedAt?.toISOString() ?? null })),
    grants: grants.map(toWireGrant),
    effective,
  };
}
