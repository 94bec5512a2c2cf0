import "server-only";
import type { Principal } from "../auth/principal";

/** An agent key sees only its own agent; everyone else sees the workspace's agents. */
export function agentScope(principal: Principal): { workspaceId: string; id?: string } {
  if (principal.type === "api_key" && principal.keyKind === "agent") return { workspaceId: principal.workspaceId, id: principal.agentId ?? "\u0000none" };
  return { workspaceId: principal.workspaceId };
}
