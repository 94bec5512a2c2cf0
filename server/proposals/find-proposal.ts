import "server-only";
import { checkVisible } from "../auth/authorize-write";
import { authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { storePolicy } from "../auth/store-policy";
import { getDb } from "../db/client";
import { notFound } from "../http/api-error";

/**
 * A proposal the caller may see, or 404: its store must be readable (and, for a path-scoped key,
 * its path), and an agent key sees only its own agent's proposals.
 */
export async function findProposal(ctx: RequestContext, proposalId: string) {
  const { db } = await getDb();
  const proposal = await db.proposal.findFirst({ where: { id: proposalId, workspaceId: ctx.principal.workspaceId } });
  if (!proposal) throw notFound(`Proposal ${proposalId}`);
  const p = ctx.principal;
  if (p.type === "api_key" && p.keyKind === "agent" && proposal.agentId !== p.agentId) throw notFound(`Proposal ${proposalId}`);
  await authorizeStore(ctx, "memory:read", proposal.storeId).catch(() => {
    throw notFound(`Proposal ${proposalId}`);
  });
  checkVisible(await storePolicy(p, proposal.storeId), { id: proposalId, path: proposal.path });
  return proposal;
}
