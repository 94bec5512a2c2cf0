import "server-only";
import type { Principal } from "../auth/principal";

/** An agent key sees only its own agent; everyone else sees the workspace's agents. */
export function agentScope(principal: Principal): { workspaceId: string; id?: string } {
  // An agent key always names its agent; "" (never an id) would match nothing.
  if (principal.type === "api_key" && principal.keyKind === "agent") return { workspaceId: principal.workspaceId, id: principal.agentId ?? "" };
  return { workspaceId: principal.workspaceId };
}
