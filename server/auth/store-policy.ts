import "server-only";
import { allows, grantsAccessAt, literalPrefix, strongest, weakest, type Access, type GrantRules, type PathRule } from "@/lib/path-grants";
import { narrowBySession } from "../sessions/session-attachment-access";
import { getDb } from "../db/client";
import { authCache } from "./auth-cache";
import type { Principal } from "./principal";

/**
 * What a principal may do in one store, path by path. Console users and admin keys: everything
 * (their role's scopes decide); agent keys: their own grant and the all-agents one, the stronger
 * of the two at each path.
 */
export type StorePolicy = {
  /** Some grant names path patterns, so paths must be checked one by one. */
  scoped: boolean;
  /** The strongest access anywhere in the store. */
  max: Access;
  at: (path: string) => Access | null;
  /** Literal prefixes under which readable paths can lie (null: anywhere), to narrow a query. */
  prefixes: string[] | null;
};

const everything: StorePolicy = { scoped: false, max: "read_write", at: () => "read_write", prefixes: null };

// Every request of an agent checks its grants again: reuse them briefly (auth-cache.ts).
const grantsByAgent = authCache<GrantRules[]>("grants-by-agent", ["Grant", "Store", "Agent", "Workspace"]);

export function parsePathRules(json: string): PathRule[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? (value as PathRule[]) : [];
  } catch {
    return [];
  }
}

async function agentGrants(principal: Principal & { type: "api_key" }, storeId: string): Promise<GrantRules[]> {
  return grantsByAgent(`${principal.workspaceId}/${storeId}/${principal.agentId}`, async () => {
    const { db } = await getDb();
    const grants = await db.grant.findMany({
      where: { workspaceId: principal.workspaceId, storeId, OR: [{ agentId: principal.agentId }, { agentId: null }] },
      select: { access: true, paths: true },
    });
    return grants.map((grant) => ({ access: grant.access as Access, paths: parsePathRules(grant.paths) }));
  });
}

/**
 * The principal's policy on a store, or null when an agent key holds no grant on it (or its
 * session has attachments and this store is not among them). A session's attachment caps every
 * path at the attached access.
 */
export async function storePolicy(principal: Principal, storeId: string): Promise<StorePolicy | null> {
  if (principal.type !== "api_key" || principal.keyKind !== "agent") return everything;
  const grants = await agentGrants(principal, storeId);
  if (grants.length === 0) return null;
  const cap = await narrowBySession(principal, storeId, "read_write");
  if (!cap) return null;
  const policy = policyOf(grants);
  if (cap === "read_write") return policy;
  return { ...policy, max: weakest(policy.max, cap), at: (path) => capped(policy.at(path), cap) };
}

const capped = (access: Access | null, cap: Access) => (access ? weakest(access, cap) : null);

function policyOf(grants: GrantRules[]): StorePolicy {
  const scoped = grants.some((grant) => grant.paths.length > 0);
  let max: Access | null = null;
  for (const grant of grants) {
    max = strongest(max, grant.paths.length ? grant.paths.reduce<Access | null>((m, r) => strongest(m, r.access), null) : grant.access);
  }
  const wide = grants.filter((grant) => grant.paths.length === 0);
  const prefixes = wide.length ? null : grants.flatMap((grant) => grant.paths.map((rule) => literalPrefix(rule.pattern)));
  return { scoped, max: max ?? "read_only", at: (path) => grantsAccessAt(grants, path), prefixes };
}

/** May the policy read `path`? (A scoped policy hides what its patterns do not reach.) */
export const mayRead = (policy: StorePolicy, path: string | null) => (policy.scoped ? path !== null && allows(policy.at(path), "read_only") : true);

/**
 * For reads of a store the caller was already authorized on: null when every path is visible,
 * else the test a path must pass (what a scoped key may not read, it does not see).
 */
export async function readGate(principal: Principal, storeId: string): Promise<((path: string | null) => boolean) | null> {
  const policy = await storePolicy(principal, storeId);
  if (!policy) return () => false;
  return policy.scoped ? (path) => mayRead(policy, path) : null;
}
