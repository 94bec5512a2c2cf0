import "server-only";
import { agentAccess, authorize, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { notFound } from "../http/api-error";
import type { MemoryEvent } from "./event-bus";

export type EventFilter = { storeId?: string; sessionId?: string };

const ACCESS_TTL_MS = 10_000;

/**
 * Checks the caller may watch what it asked for and returns the per-event test. Agent keys see
 * only stores they hold a grant on; the answer is cached briefly, so a revoked grant stops the
 * flow within seconds without a query per event.
 */
export async function eventVisibility(ctx: RequestContext, filter: EventFilter) {
  authorize(ctx, "memory:read");
  if (filter.storeId) await authorizeStore(ctx, "memory:read", filter.storeId);
  if (filter.sessionId) {
    const { db } = await getDb();
    const session = await db.session.findFirst({ where: { id: filter.sessionId, workspaceId: ctx.principal.workspaceId } });
    const foreign = ctx.principal.type === "api_key" && ctx.principal.keyKind === "agent" && session?.agentId !== ctx.principal.agentId;
    if (!session || foreign) throw notFound(`Session ${filter.sessionId}`);
  }
  const cache = new Map<string, { ok: boolean; at: number }>();
  const storeVisible = async (storeId: string): Promise<boolean> => {
    const hit = cache.get(storeId);
    if (hit && Date.now() - hit.at < ACCESS_TTL_MS) return hit.ok;
    const ok = (await agentAccess(ctx.principal, storeId)) !== null;
    cache.set(storeId, { ok, at: Date.now() });
    return ok;
  };
  return async (event: MemoryEvent): Promise<boolean> => {
    if (event.workspaceId !== ctx.principal.workspaceId || !event.storeId) return false;
    if (filter.storeId && event.storeId !== filter.storeId) return false;
    if (filter.sessionId && event.sessionId !== filter.sessionId) return false;
    return storeVisible(event.storeId);
  };
}
