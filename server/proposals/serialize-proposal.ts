import "server-only";
import type { WireProposal, WireProposalReceipt } from "../api/routes/proposals";
import type { Proposal } from "../db/generated/sqlite/client";

export type ProposalStatus = "pending" | "approved" | "rejected";
export type ProposalOperation = "created" | "modified" | "deleted";

const createdBy = (p: Proposal) =>
  p.sessionId ? { type: "session_actor" as const, session_id: p.sessionId } : { type: "api_actor" as const, api_key_id: p.apiKeyId ?? "" };

/** What a proposing write answers (202): the proposal, without its content. */
export function toWireProposalReceipt(p: Proposal): WireProposalReceipt {
  return {
    type: "memory_proposal" as const,
    id: p.id,
    status: p.status as ProposalStatus,
    memory_store_id: p.storeId,
    memory_id: p.memoryId,
    operation: p.operation as ProposalOperation,
    path: p.path,
    base_version_id: p.baseVersionId,
    created_by: createdBy(p),
    created_at: p.createdAt.toISOString(),
  };
}

/** A proposal as the list and retrieve routes show it: the receipt plus content and review. */
export function toWireProposal(p: Proposal): WireProposal {
  return {
    ...toWireProposalReceipt(p),
    previous_path: p.previousPath,
    content: p.content,
    content_sha256: p.contentSha256,
    cause: p.cause,
    session_id: p.sessionId,
    agent_id: p.agentId,
    reviewed_by: p.reviewedBy ? (JSON.parse(p.reviewedBy) as { type: string; id: string }) : null,
    reviewed_at: p.reviewedAt?.toISOString() ?? null,
    reason: p.reason,
    memory_version_id: p.versionId,
    redacted_at: p.redactedAt?.toISOString() ?? null,
  };
}
