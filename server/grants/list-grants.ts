import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { nameContains } from "../db/contains-text";
import { toWireAgent } from "../agents/serialize-agent";
import { toWireGrant } from "./serialize-grant";
import { strongest, type Access } from "@/lib/path-grants";
import { parsePathRules } from "../auth/store-policy";

type Cell = { access: Access; scoped: boolean };
/** A grant's strongest access anywhere, and whether it is limited to path patterns. */
const cellOf = (grant: { access: string; paths: string }): Cell => {
  const rules = parsePathRules(grant.paths);
  if (rules.length === 0) return { access: grant.access as Access, scoped: false };
  return { access: rules.reduce<Access | null>((max, rule) => strongest(max, rule.access), null)!, scoped: true };
};

/** Which part of the matrix: stores and agents by name, each narrowed to names containing its text, from an offset. */
export type GrantWindow = { storeQ?: string; agentQ?: string; storeOffset: number; agentOffset: number; storeLimit: number; agentLimit: number };

/**
 * A window of the workspace's agents × stores matrix: a page of stores and a page of agents (by
 * name), the grants between them (and each store's "all agents" grant), and for each pair the
 * access an agent key actually gets (its own grant or the "all agents" one). The whole matrix
 * grows as agents × stores, so it is served a window at a time, with the totals to page through.
 */
export async function listGrants(ctx: RequestContext, window: GrantWindow) {
  authorize(ctx, "grants:manage");
  const { db, dialect } = await getDb();
  const { workspaceId } = ctx.principal;
  const storesWhere = { workspaceId, ...nameContains(dialect, window.storeQ) };
  const agentsWhere = { workspaceId, ...nameContains(dialect, window.agentQ) };
  const byName = [{ name: "asc" as const }, { id: "asc" as const }];
  const [stores, storesTotal, agents, agentsTotal] = await Promise.all([
    db.store.findMany({
      where: storesWhere,
      orderBy: byName,
      skip: window.storeOffset,
      take: window.storeLimit,
      select: { id: true, name: true, archivedAt: true },
    }),
    db.store.count({ where: storesWhere }),
    db.agent.findMany({ where: agentsWhere, orderBy: byName, skip: window.agentOffset, take: window.agentLimit }),
    db.agent.count({ where: agentsWhere }),
  ]);
  const grants = stores.length
    ? await db.grant.findMany({
        where: { workspaceId, storeId: { in: stores.map((s) => s.id) }, OR: [{ agentId: null }, { agentId: { in: agents.map((a) => a.id) } }] },
        orderBy: { id: "asc" },
      })
    : [];
  const direct = new Map(grants.map((grant) => [`${grant.storeId} ${grant.agentId ?? "*"}`, cellOf(grant)]));
  const effective = agents.flatMap((agent) =>
    stores.flatMap((store) => {
      const cells = [direct.get(`${store.id} ${agent.id}`), direct.get(`${store.id} *`)].filter((cell): cell is Cell => cell !== undefined);
      if (cells.length === 0) return [];
      const access = cells.reduce<Access | null>((max, cell) => strongest(max, cell.access), null)!;
      // Scoped: some grant names patterns, so the access differs from path to path.
      const scoped = cells.some((cell) => cell.scoped);
      return [{ agent_id: agent.id, memory_store_id: store.id, access, scoped }];
    }),
  );
  return {
    type: "grant_matrix" as const,
    agents: agents.map(toWireAgent),
    agents_total: agentsTotal,
    agent_offset: window.agentOffset,
    memory_stores: stores.map((store) => ({ id: store.id, name: store.name, archived_at: store.archivedAt?.toISOString() ?? null })),
    memory_stores_total: storesTotal,
    store_offset: window.storeOffset,
    grants: grants.map(toWireGrant),
    effective,
  };
}
