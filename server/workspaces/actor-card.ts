import "server-only";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { authorize } from "../auth/authorize";
import { badRequest, notFound } from "../http/api-error";

export type ActorCard = {
  type: "actor_card";
  id: string;
  kind: "agent" | "user" | "api_key" | "session";
  name: string;
  /** The user's role, the key's kind and agent, the session's agent. */
  detail: string;
  last_activity_at: string | null;
  /** The console page about it, where there is one. */
  href: string | null;
};

const iso = (at: Date | null | undefined) => at?.toISOString() ?? null;

/**
 * What a hover card shows about one actor of the workspace (agent, user, API key or session),
 * looked up by its id. People and admin keys may see the workspace's actors, as for actorNames;
 * an agent key may not. Ids of other workspaces are not found.
 */
export async function actorCard(ctx: RequestContext, id: string): Promise<ActorCard> {
  authorize(ctx, "actors:read");
  const { principal } = ctx;
  const { db } = await getDb();
  const workspaceId = principal.workspaceId;
  const card = (kind: ActorCard["kind"], name: string, detail: string, last: Date | null | undefined, href: string | null): ActorCard => ({
    type: "actor_card",
    id,
    kind,
    name,
    detail,
    last_activity_at: iso(last),
    href,
  });
  if (id.startsWith("agent_")) {
    const agent = await db.agent.findFirst({ where: { id, workspaceId } });
    if (!agent) throw notFound(`Agent ${id}`);
    const last = await db.session.findFirst({
      where: { workspaceId, agentId: id },
      orderBy: { startedAt: "desc" },
      select: { startedAt: true, endedAt: true },
    });
    return card("agent", agent.name, agent.description || "agent", last?.endedAt ?? last?.startedAt, `/sessions?agent=${id}`);
  }
  if (id.startsWith("user_")) {
    const user = await db.user.findFirst({ where: { id, workspaceId } });
    if (!user) throw notFound(`User ${id}`);
    return card("user", user.name, user.deactivatedAt ? `${user.role} (deactivated)` : user.role, user.lastLoginAt, "/admin#members-heading");
  }
  if (id.startsWith("apikey_")) {
    const key = await db.apiKey.findFirst({ where: { id, workspaceId }, include: { agent: { select: { name: true } } } });
    if (!key) throw notFound(`API key ${id}`);
    const kind = key.kind === "admin" ? "admin key" : `agent key of ${key.agent?.name ?? "a deleted agent"}`;
    return card("api_key", `${key.name} (${key.prefix}…)`, key.revokedAt ? `${kind}, revoked` : kind, key.lastUsedAt, "/admin#agents-heading");
  }
  if (id.startsWith("sesn_")) {
    const session = await db.session.findFirst({ where: { id, workspaceId }, include: { agent: { select: { name: true } } } });
    if (!session) throw notFound(`Session ${id}`);
    return card("session", session.title || id, `session of ${session.agent.name}`, session.endedAt ?? session.startedAt, `/sessions/${id}`);
  }
  throw badRequest("actor_id: expected the id of an agent, user, API key or session");
}
