import "server-only";
import type { ActorNames } from "@/components/stores/types";
import type { RequestContext } from "@/server/auth/principal";
import { getDb } from "@/server/db/client";
import { authorize } from "@/server/auth/authorize";

/**
 * Display names for the actors the console shows (agents, users, API keys), one query each.
 * People of the workspace and admin keys may see them; an agent key may not list its workspace.
 */
export async function actorNames(ctx: RequestContext): Promise<ActorNames> {
  authorize(ctx, "actors:read");
  const { db } = await getDb();
  const workspaceId = ctx.principal.workspaceId;
  const [agents, users, keys] = await Promise.all([
    db.agent.findMany({ where: { workspaceId }, select: { id: true, name: true } }),
    db.user.findMany({ where: { workspaceId }, select: { id: true, name: true } }),
    db.apiKey.findMany({ where: { workspaceId }, select: { id: true, name: true, prefix: true } }),
  ]);
  return {
    agents: Object.fromEntries(agents.map((agent) => [agent.id, agent.name])),
    users: Object.fromEntries(users.map((user) => [user.id, user.name])),
    apiKeys: Object.fromEntries(keys.map((key) => [key.id, `${key.name} (${key.prefix}…)`])),
  };
}
