import "server-only";
import type { RequestContext } from "../auth/principal";
import { mayRead, storePolicy } from "../auth/store-policy";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { scopeStores } from "../redaction/scope-stores";
import { toWireProposal, type ProposalStatus } from "./serialize-proposal";

export type ListProposalsInput = { storeId?: string; status?: ProposalStatus; sessionId?: string; agentId?: string; limit: number; page?: string };

/** Proposals of the stores the caller may read, newest first; an agent key sees its own agent's only. */
export async function listProposals(ctx: RequestContext, input: ListProposalsInput) {
  const storeIds = await scopeStores(ctx, "memory:read", input.storeId);
  const cursor = decodeCursor(input.page, { id: "string" });
  const p = ctx.principal;
  const ownAgent = p.type === "api_key" && p.keyKind === "agent" ? p.agentId : undefined;
  const { db } = await getDb();
  const rows = await db.proposal.findMany({
    where: {
      workspaceId: p.workspaceId,
      storeId: { in: storeIds },
      ...(input.status ? { status: input.status } : {}),
      ...(input.sessionId ? { sessionId: input.sessionId } : {}),
      ...(ownAgent !== undefined ? { agentId: ownAgent } : input.agentId ? { agentId: input.agentId } : {}),
      ...(cursor ? { id: { lt: cursor.id } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const policies = new Map(await Promise.all([...new Set(rows.map((r) => r.storeId))].map(async (id) => [id, await storePolicy(p, id)] as const)));
  const page = pageOf(
    rows,
    input.limit,
    (row) => row,
    (row) => ({ id: row.id }),
  );
  return { data: page.data.filter((row) => mayRead(policies.get(row.storeId)!, row.path)).map(toWireProposal), next_page: page.next_page };
}

/** How many proposals wait for review in the stores the caller may read (the console's badge). */
export async function countPendingProposals(ctx: RequestContext) {
  const storeIds = await scopeStores(ctx, "memory:read", undefined);
  const { db } = await getDb();
  const pending = await db.proposal.count({ where: { workspaceId: ctx.principal.workspaceId, storeId: { in: storeIds }, status: "pending" } });
  return { type: "proposal_count" as const, pending };
}
