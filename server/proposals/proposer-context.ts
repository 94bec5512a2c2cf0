import "server-only";
import type { RequestContext } from "../auth/principal";
import type { Proposal } from "../db/generated/sqlite/client";

/** The proposer as the one write path attributes a change to: its key, and its session if it wrote in one. */
export function proposerContext(proposal: Proposal, requestId: string): RequestContext {
  return {
    requestId,
    principal: {
      type: "api_key",
      workspaceId: proposal.workspaceId,
      apiKeyId: proposal.apiKeyId ?? "",
      keyKind: "agent",
      agentId: proposal.agentId,
      sessionId: proposal.sessionId,
    },
  };
}
