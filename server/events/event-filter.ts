import "server-only";
import { agentAccess, authorize, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { readGate } from "../auth/store-policy";
import { getDb } from "../db/client";
import { notFound } from "../http/api-error";
import type { MemoryEvent } from "./event-bus";

export type EventFilter = { storeId?: string; sessionId?: string };

const ACCESS_TTL_MS = 1_000;

/**
 * Checks the caller may watch what it asked for and returns the per-event test. Agent keys see
 * only stores they hold a grant on; the answer is cached briefly, so a revoked grant stops the
 * flow within a second without a query per event.
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
  type Gate = ((path: string | null) => boolean) | null;
  const cache = new Map<string, { ok: boolean; gate: Gate; at: number }>();
  const storeVisible = async (storeId: string, path: string | null): Promise<boolean> => {
    let hit = cache.get(storeId);
    if (!hit || Date.now() - hit.at >= ACCESS_TTL_MS) {
      const ok = (await agentAccess(ctx.principal, storeId)) !== null;
      hit = { ok, gate: ok ? await readGate(ctx.principal, storeId) : null, at: Date.now() };
      cache.set(storeId, hit);
    }
    // A path-scoped key: events at paths it may not read (and pathless ones) are not its to see.
    return hit.ok && (!hit.gate || hit.gate(path));
  };
  return async (event: MemoryEvent): Promise<boolean> => {
    if (event.workspaceId !== ctx.principal.workspaceId || !event.storeId) return false;
    if (filter.storeId && event.storeId !== filter.storeId) return false;
    if (filter.sessionId && event.sessionId !== filter.sessionId) return false;
    return storeVisible(event.storeId, event.path);
  };
}
