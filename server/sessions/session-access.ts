import "server-only";
import type { Principal } from "../auth/principal";
import { getDb } from "../db/client";
import { notFound } from "../http/api-error";

/** An agent key sees only its own agent's sessions; anyone else sees the workspace's. */
export function sessionScope(principal: Principal): { workspaceId: string; agentId?: string } {
  // An agent key always names its agent; "" (never an id) would match nothing.
  if (principal.type === "api_key" && principal.keyKind === "agent") return { workspaceId: principal.workspaceId, agentId: principal.agentId ?? "" };
  return { workspaceId: principal.workspaceId };
}

/** Loads a session the principal may see; others (another workspace, another agent) answer 404. */
export async function findVisibleSession(principal: Principal, sessionId: string) {
  const { db } = await getDb();
  const session = await db.session.findFirst({ where: { id: sessionId, ...sessionScope(principal) } });
  if (!session) throw notFound(`Session ${sessionId}`);
  return session;
}
