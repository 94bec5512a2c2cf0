import "server-only";
import { newId } from "@/lib/ids";
import { auditRequest } from "../audit/append-audit-event";
import { actorColumns, type RequestContext } from "../auth/principal";
import { byteLength, hmacHex, sha256Hex } from "../crypto";
import type { Memory, Proposal } from "../db/generated/sqlite/client";
import { runTransaction } from "../db/transaction";
import { publishInTransaction } from "../events/publish-in-transaction";
import { proposalEvent } from "./proposal-event";
import type { ProposalOperation } from "./serialize-proposal";

/** A change a propose-access key asked for, against the head it saw (`memory`, null to create). */
export type ProposedChange = {
  storeId: string;
  memory: Pick<Memory, "id" | "path" | "headVersionId"> | null;
  operation: ProposalOperation;
  path: string;
  /** Ignored for deletes. */
  content: string;
  cause: "write" | "memory_tool" | "mount";
};

/** What a write by a propose-access key returns instead of a memory. */
export type Proposed = { proposals: Proposal[] };

export const isProposed = (result: unknown): result is Proposed => typeof result === "object" && result !== null && "proposals" in result;

/** The result of a write by a principal that writes directly (system, users, read_write keys). */
export function written<T>(result: T | Proposed): T {
  if (isProposed(result)) throw new Error("expected a direct write, got a proposal");
  return result;
}

/**
 * Records proposals instead of changing memory: one row, one audit event and one live event each,
 * in one transaction. The audit event carries a keyed digest of the content, never the content.
 */
export async function recordProposals(ctx: RequestContext, changes: ProposedChange[]): Promise<Proposed> {
  const workspaceId = ctx.principal.workspaceId;
  const actor = actorColumns(ctx.principal);
  const proposals = await runTransaction(
    async (t) => {
      const workspace = await t.tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { hmacKey: true } });
      const rows: Proposal[] = [];
      for (const change of changes) {
        const now = new Date();
        const content = change.operation === "deleted" ? null : change.content;
        const proposal = await t.tx.proposal.create({
          data: {
            id: newId("proposal"),
            workspaceId,
            storeId: change.storeId,
            memoryId: change.memory?.id ?? null,
            operation: change.operation,
            path: change.path,
            previousPath: change.memory && change.memory.path !== change.path ? change.memory.path : null,
            content,
            contentSha256: content === null ? null : sha256Hex(content),
            baseVersionId: change.memory?.headVersionId ?? null,
            cause: change.cause,
            actorType: actor.actorType,
            sessionId: actor.sessionId,
            apiKeyId: actor.apiKeyId,
            agentId: actor.agentId,
            createdAt: now,
          },
        });
        const event = await auditRequest(t.tx, ctx, {
          action: "proposal.created",
          storeId: change.storeId,
          sessionId: actor.sessionId,
          targetType: "proposal",
          targetId: proposal.id,
          createdAt: now,
          data: {
            proposal_id: proposal.id,
            memory_id: proposal.memoryId,
            operation: proposal.operation,
            path: proposal.path,
            base_version_id: proposal.baseVersionId,
            content_hmac_sha256: content === null ? null : hmacHex(workspace.hmacKey, content),
            content_size_bytes: content === null ? null : byteLength(content),
            cause: change.cause,
          },
        });
        await publishInTransaction(t, proposalEvent(proposal, "proposal.created", event.seq, now));
        rows.push(proposal);
      }
      return rows;
    },
    { lockWorkspace: workspaceId },
  );
  return { proposals };
}
