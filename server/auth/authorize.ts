import "server-only";
import { getDb } from "../db/client";
import { ApiError, forbidden, notFound } from "../http/api-error";
import type { Access } from "@/lib/path-grants";
import { authCache } from "./auth-cache";
import { hasScope, type Scope } from "./permissions";
import type { Principal, RequestContext } from "./principal";
import { storePolicy } from "./store-policy";

export type { Access };

/** Throws 403 unless the principal holds `scope` in its workspace. */
export function authorize(ctx: RequestContext, scope: Scope): void {
  if (!hasScope(ctx.principal, scope)) throw forbidden(`This credential lacks the ${scope} permission.`);
}

// Every request of an agent checks its store and grants again: reuse them briefly (auth-cache.ts).
const storesById = authCache<Awaited<ReturnType<typeof findStore>>>("stores-by-id", ["Store", "Workspace"]);

async function findStore(workspaceId: string, storeId: string) {
  const { db } = await getDb();
  return db.store.findFirst({ where: { id: storeId, workspaceId } });
}

/**
 * The access an agent key's grants give it on the whole store, or null without a grant: a grant
 * scoped to paths gives read-only here at most (callers that write everywhere must not pass).
 */
export async function agentAccess(principal: Principal, storeId: string): Promise<Access | null> {
  const policy = await storePolicy(principal, storeId);
  if (!policy) return null;
  return policy.scoped ? "read_only" : policy.max;
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
    throw forbidden(`This key has ${access === "propose" ? "propose" : "read-only"} access to memory store ${storeId}.`);
  }
  return store;
}

/** Writes to an archived store are refused; reads, deletes and redactions are not. */
export function assertNotArchived(store: { id: string; archivedAt: Date | null }): void {
  if (store.archivedAt) throw new ApiError("conflict_error", `Memory store ${store.id} is archived and read-only.`);
}
