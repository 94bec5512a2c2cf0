import "server-only";
import { getDb } from "../db/client";
import { sessionAttachments } from "../sessions/session-attachment-access";
import type { Principal } from "./principal";

/**
 * A Prisma `where` fragment limiting rows with a storeId to the stores the principal may read
 * now: an agent key, the stores it (or all agents) holds a grant on; anyone else, every store
 * of the workspace (the caller has checked the scope); a session with attached stores, only those.
 * Read per request, so a removed grant takes effect on the next one.
 */
export async function readableStoresWhere(principal: Principal): Promise<{ storeId?: { in: string[] } }> {
  if (principal.type !== "api_key" || principal.keyKind !== "agent") return {};
  const { db } = await getDb();
  const grants = await db.grant.findMany({
    where: { workspaceId: principal.workspaceId, OR: [{ agentId: principal.agentId }, { agentId: null }] },
    select: { storeId: true },
  });
  const attached = await sessionAttachments(principal);
  const granted = new Set(grants.map((grant) => grant.storeId));
  return { storeId: { in: [...granted].filter((id) => !attached || attached.has(id)) } };
}
