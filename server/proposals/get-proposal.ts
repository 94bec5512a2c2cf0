import "server-only";
import { unifiedDiff } from "@/lib/text-diff";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import type { Memory, Proposal } from "../db/generated/sqlite/client";
import { findProposal } from "./find-proposal";
import { toWireProposal } from "./serialize-proposal";

/** The git-style diff from the memory's current head (nothing, for a create) to what the proposal writes. */
export function proposalDiff(proposal: Proposal, head: Pick<Memory, "content" | "path"> | null) {
  const oldPath = head ? `a${head.path}` : "/dev/null";
  const newPath = proposal.operation === "deleted" ? "/dev/null" : `b${proposal.path}`;
  return unifiedDiff(head?.content ?? "", proposal.operation === "deleted" ? "" : (proposal.content ?? ""), { oldPath, newPath });
}

/** A proposal with its diff against the current head, and whether the head moved since it was made. */
export async function getProposal(ctx: RequestContext, proposalId: string) {
  const proposal = await findProposal(ctx, proposalId);
  const { db } = await getDb();
  const head = proposal.memoryId
    ? await db.memory.findFirst({ where: { id: proposal.memoryId, workspaceId: proposal.workspaceId, storeId: proposal.storeId, deletedAt: null } })
    : null;
  return {
    ...toWireProposal(proposal),
    head_version_id: head?.headVersionId ?? null,
    head_moved: proposal.memoryId !== null && head?.headVersionId !== proposal.baseVersionId,
    diff: proposal.redactedAt ? "" : proposalDiff(proposal, head),
  };
}
