import "server-only";
import { getDb } from "../db/client";
import { ApiError, forbidden, notFound } from "../http/api-error";
import { authCache } from "./auth-cache";
import { hasScope, type Scope } from "./permissions";
import type { Principal, RequestContext } from "./principal";

export type Access = "read_only" | "read_write";

/** Throws 403 unless the principal holds `scope` in its workspace. */
export function authorize(ctx: RequestContext, scope: Scope): void {
  if (!hasScope(ctx.principal, scope)) throw forbidden(`This credential lacks the ${scope} permission.`);
}

// Every request of an agent checks its store and grants again: reuse them briefly (auth-cache.ts).
const storesById = authCache<Awaited<ReturnType<typeof findStore>>>(["Store", "Workspace"]);
const accessByAgent = authCache<Access | null>(["Grant", "Store", "Agent", "Workspace"]);

async function findStore(workspaceId: string, storeId: string) {
  const { db } = await getDb();
  return db.store.findFirst({ where: { id: storeId, workspaceId } });
}

/** The access an agent key's grants give it on a store, or null. */
export async function agentAccess(principal: Principal, storeId: string): Promise<Access | null> {
  if (principal.type !== "api_key" || principal.keyKind !== "agent") return "read_write";
  return accessByAgent(`${principal.workspaceId}/${storeId}/${principal.agentId}`, async () => {
    const { db } = await getDb();
    const grants = await db.grant.findMany({
      where: { workspaceId: principal.workspaceId, storeId, OR: [{ agentId: principal.agentId }, { agentId: null }] },
      select: { access: true },
    });
    if (grants.length === 0) return null;
    return grants.some((grant) => grant.access === "read_write") ? "read_write" : "read_only";
  });
}

/**
 * Loads a store the principal may use for `scope`. Stores of another workspace, and stores an
 * agent key has no grant on, answer 404 so their existence does not leak.
 */
export async function authorizeStore(ctx: RequestContext, scope: Scope, storeId: string) {
  authorize(ctx, scope);
  const store = await storesById(`${ctx.principal.workspaceId}/${storeId}`, () => findStore(ctx.principal.workspaceId, storeId));
  if (!store) throw notFound(`Memory store ${storeId}`);
  const access = await agentAccess(ctx.principal, store.id);
  if (!access) throw notFound(`Memory store ${storeId}`);
  if (scope === "memory:write" && access !== "read_write") {
    throw forbidden(`This key has read-only access to memory store ${storeId}.`);
  }
  return store;
}

/** Writes to an archived store are refused; reads, deletes and redactions are not. */
export function assertNotArchived(store: { id: string; archivedAt: Date | null }): void {
  if (store.archivedAt) throw new ApiError("conflict_error", `Memory store ${store.id} is archived and read-only.`);
}
