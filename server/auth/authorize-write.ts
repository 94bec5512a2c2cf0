import "server-only";
import { allows } from "@/lib/path-grants";
import { forbidden, notFound } from "../http/api-error";
import { authorize, authorizeStore } from "./authorize";
import type { RequestContext } from "./principal";
import { mayRead, storePolicy, type StorePolicy } from "./store-policy";

/** How a write lands: applied now, or recorded as a proposal for review. */
export type WriteMode = "write" | "propose";

/**
 * The first half of authorizing a memory write: the scope, the store (404 as for reads) and some
 * right to change it somewhere (read-only keys get 403). Returns the policy that judges each path.
 */
export async function authorizeWriter(ctx: RequestContext, storeId: string): Promise<StorePolicy> {
  authorize(ctx, "memory:write");
  const store = await authorizeStore(ctx, "memory:read", storeId);
  const policy = (await storePolicy(ctx.principal, store.id))!;
  if (!allows(policy.max, "propose")) throw forbidden(`This key has read-only access to memory store ${storeId}.`);
  return policy;
}

/**
 * The second half, per change: `write` where the principal holds read_write at every path it
 * touches (a rename names both), `propose` where it holds at least propose; 403 otherwise.
 */
export function writeModeAt(policy: StorePolicy, storeId: string, paths: string[]): WriteMode {
  let mode: WriteMode = "write";
  for (const path of paths) {
    const access = policy.at(path);
    if (allows(access, "read_write")) continue;
    if (!allows(access, "propose")) {
      throw forbidden(
        policy.scoped ? `This key may not write at ${path} in memory store ${storeId}.` : `This key has read-only access to memory store ${storeId}.`,
      );
    }
    mode = "propose";
  }
  return mode;
}

/** A memory a scoped key may not read does not exist for it: 404, as for another store's. */
export function checkVisible<M extends { id: string; path: string | null }>(policy: StorePolicy | null, memory: M): M {
  if (!policy || !mayRead(policy, memory.path)) throw notFound(`Memory ${memory.id}`);
  return memory;
}

/** The policy of a store the caller has already been authorized to read. */
export async function readPolicy(ctx: RequestContext, storeId: string): Promise<StorePolicy> {
  return (await storePolicy(ctx.principal, storeId))!;
}
