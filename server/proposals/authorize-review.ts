import "server-only";
import { authorize, authorizeStore } from "../auth/authorize";
import { auditActorOf, type RequestContext } from "../auth/principal";
import type { Tx } from "../db/client";
import type { Proposal } from "../db/generated/sqlite/client";
import { ApiError } from "../http/api-error";
import { findProposal } from "./find-proposal";

/**
 * Who may approve or reject: a principal with proposals:review (admins, developers, admin keys;
 * never an agent key) who may also write the proposal's store. Only pending proposals.
 */
export async function authorizeReview(ctx: RequestContext, proposalId: string): Promise<Proposal> {
  authorize(ctx, "proposals:review");
  const proposal = await findProposal(ctx, proposalId);
  await authorizeStore(ctx, "memory:write", proposal.storeId);
  if (proposal.status !== "pending") throw alreadyReviewed(proposal);
  return proposal;
}

const alreadyReviewed = (p: { id: string; status: string }) => new ApiError("conflict_error", `Proposal ${p.id} is already ${p.status}.`);

export function reviewerOf(ctx: RequestContext) {
  const { actorType, actorId } = auditActorOf(ctx.principal);
  return { type: actorType, id: actorId };
}

/** Moves a pending proposal to its outcome inside the review's transaction; a concurrent review loses with 409. */
export async function closeProposal(
  tx: Tx,
  proposal: Proposal,
  data: { status: "approved" | "rejected"; reviewedBy: string; reviewedAt: Date; reason?: string | null; versionId?: string; memoryId?: string },
) {
  const where = { id: proposal.id, workspaceId: proposal.workspaceId };
  const claimed = await tx.proposal.updateMany({ where: { ...where, status: "pending" }, data });
  if (claimed.count === 0) throw alreadyReviewed(await tx.proposal.findUniqueOrThrow({ where }));
  return tx.proposal.findUniqueOrThrow({ where });
}
