import "server-only";
import type { Principal, Role } from "./principal";

/** Every permission Engram checks, named once. */
export const scopes = [
  "stores:read",
  "stores:manage",
  "memory:read",
  "memory:write",
  "sessions:read",
  "sessions:write",
  "redaction:create",
  "audit:read",
  "grants:manage",
  "agents:manage",
  "keys:manage",
  "members:manage",
  "export:create",
  "import:create",
  "findings:read",
  "findings:manage",
  "holds:read",
  "holds:manage",
  "webhooks:manage",
  "proposals:review",
  /** Names and hover cards of the workspace's agents, people and keys: people and admin keys, not agents. */
  "actors:read",
] as const;
export type Scope = (typeof scopes)[number];

const read: Scope[] = ["stores:read", "memory:read", "sessions:read", "actors:read"];

export const roleScopes: Record<Role, readonly Scope[]> = {
  admin: scopes,
  developer: [...read, "memory:write", "audit:read", "export:create", "proposals:review"],
  compliance: [...read, "redaction:create", "audit:read", "export:create", "findings:read", "findings:manage", "holds:read", "holds:manage"],
  viewer: read,
};

/** Agent keys reach only the stores they are granted; the grant decides read or write. */
const agentKeyScopes: readonly Scope[] = ["stores:read", "memory:read", "sessions:read", "memory:write", "sessions:write"];

export function scopesOf(principal: Principal): readonly Scope[] {
  if (principal.type === "system") return scopes;
  if (principal.type === "user") return roleScopes[principal.role];
  return principal.keyKind === "admin" ? scopes : agentKeyScopes;
}

export function hasScope(principal: Principal, scope: Scope): boolean {
  return scopesOf(principal).includes(scope);
}
