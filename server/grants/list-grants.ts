import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
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
    memory_stores: stores.map((store) => ({ id: store.id, name: store.name, archived_at: store.archivedAt?.toISOString() ?? null })),
    grants: grants.map(toWireGrant),
    effective,
  };
}
