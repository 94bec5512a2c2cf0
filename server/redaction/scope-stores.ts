import "server-only";
import { agentAccess, authorize, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import type { Scope } from "../auth/permissions";
import { getDb } from "../db/client";

/** The stores a compliance request covers: the one named, or every store of the workspace the caller may use. */
export async function scopeStores(ctx: RequestContext, scope: Scope, storeId: string | undefined): Promise<string[]> {
  if (storeId) return [(await authorizeStore(ctx, scope, storeId)).id];
  authorize(ctx, scope);
  const { db } = await getDb();
  const stores = await db.store.findMany({ where: { workspaceId: ctx.principal.workspaceId }, select: { id: true }, orderBy: { id: "asc" } });
  const allowed: string[] = [];
  for (const store of stores) if (await agentAccess(ctx.principal, store.id)) allowed.push(store.id);
  return allowed;
}
