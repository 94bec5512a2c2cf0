import "server-only";
import { mergeLines } from "@/lib/merge-lines";
import { auditRequest } from "../audit/append-audit-event";
import type { RequestContext } from "../auth/principal";
import type { Memory, Proposal } from "../db/generated/sqlite/client";
import { runTransaction } from "../db/transaction";
import { publishInTransaction } from "../events/publish-in-transaction";
import { ApiError, badRequest } from "../http/api-error";
import { requireContent } from "../memory/memory-limits";
import { commitChange } from "../memory/write/commit-change";
import { checkMemory, type Cause, type Change } from "../memory/write/plan-change";
import { pathFree, roomForOneMore, writableStore } from "../memory/write/rule-steps";
import { runInTransaction } from "../memory/write/run-in-transaction";
import { authorizeReview, closeProposal, reviewerOf } from "./authorize-review";
import { proposalDiff } from "./get-proposal";
import { proposalEvent } from "./proposal-event";
import { proposerContext } from "./proposer-context";
import { toWireProposal } from "./serialize-proposal";

export type ApproveInput = { content?: string | null; merge?: boolean };

/** 409 when the memory moved on since the proposal was made: the diff shows what approving would now do. */
function headMoved(proposal: Proposal, head: Memory, message: string) {
  return new ApiError("conflict_error", message, {
    proposal_id: proposal.id,
    base_version_id: proposal.baseVersionId,
    head_version_id: head.headVersionId,
    diff: proposalDiff(proposal, head),
  });
}

/**
 * Approves a pending proposal: the change goes through the one write path (version, head, audit
 * event), attributed to the proposer's key and session, with the approver in that audit event and
 * in a proposal.approved event. `content` replaces the proposed content (an edit by the reviewer).
 * If the memory's head moved since the proposal's base, 409 with the diff, unless `merge`: then a
 * three-way merge of base, head and proposal (or the reviewer's content as given) is written.
 */
export async function approveProposal(ctx: RequestContext, proposalId: string, input: ApproveInput) {
  const proposal = await authorizeReview(ctx, proposalId);
  if (proposal.redactedAt) throw new ApiError("conflict_error", `Proposal ${proposalId} was redacted; reject it instead.`);
  const edited = input.content === undefined || input.content === null ? undefined : requireContent(input.content);
  if (edited !== undefined && proposal.operation === "deleted") throw badRequest("content cannot be given when approving a deletion");
  const reviewer = reviewerOf(ctx);
  const proposer = proposerContext(proposal, ctx.requestId);
  const { storeId } = proposal;
  const workspaceId = ctx.principal.workspaceId;
  let merged = false;

  const closed = await runTransaction(
    async (t) => {
      const now = new Date();
      const written = await runInTransaction(t, workspaceId, function* (w) {
        const store = yield* writableStore(w, storeId, { archivedOk: proposal.operation === "deleted" });
        const memory = proposal.memoryId ? checkMemory(proposal.memoryId, yield* w.s.liveMemory(storeId, proposal.memoryId)) : null;
        let content = edited ?? proposal.content ?? "";
        if (memory && memory.headVersionId !== proposal.baseVersionId) {
          if (!input.merge)
            throw headMoved(proposal, memory, `Memory ${memory.id} has changed since proposal ${proposal.id} was made; approve with merge, or reject it.`);
          if (edited === undefined && proposal.operation === "modified") {
            const base = proposal.baseVersionId ? yield* w.s.version(storeId, proposal.baseVersionId) : null;
            const result = base?.content == null ? null : mergeLines(base.content, memory.content, content);
            if (result === null)
              throw headMoved(proposal, memory, `Proposal ${proposal.id} conflicts with changes made since; edit the content to resolve it.`);
            content = result;
          }
          merged = true;
        }
        const path = proposal.path ?? memory?.path ?? "";
        if (!memory) {
          yield* pathFree(w, storeId, path, null);
          yield* roomForOneMore(w, storeId);
        } else if (path !== memory.path) yield* pathFree(w, storeId, path, memory.id);
        const change: Change = {
          storeId,
          memory,
          operation: proposal.operation as Change["operation"],
          cause: proposal.cause as Cause,
          content,
          path,
          audit: { data: { proposal_id: proposal.id, approved_by: reviewer, ...(edited !== undefined ? { edited_by_reviewer: true } : {}) } },
        };
        return yield* commitChange(w, proposer, change, store);
      });
      const row = await closeProposal(t.tx, proposal, {
        status: "approved",
        reviewedBy: JSON.stringify(reviewer),
        reviewedAt: now,
        versionId: written.version.id,
        memoryId: written.memory.id,
      });
      const event = await auditRequest(t.tx, ctx, {
        action: "proposal.approved",
        storeId,
        sessionId: row.sessionId,
        targetType: "proposal",
        targetId: row.id,
        createdAt: now,
        data: {
          proposal_id: row.id,
          memory_id: written.memory.id,
          memory_version_id: written.version.id,
          operation: row.operation,
          path: row.path,
          edited: edited !== undefined,
          merged,
          proposed_by_api_key_id: row.apiKeyId,
        },
      });
      await publishInTransaction(t, proposalEvent(row, "proposal.approved", event.seq, now, written.version.id));
      return row;
    },
    { lockWorkspace: workspaceId },
  );
  return toWireProposal(closed);
}
