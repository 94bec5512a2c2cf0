import "server-only";
import { config } from "../config";
import { roles, type Role } from "./principal";

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  roleClaim: string;
  /** Claim value (e.g. a group name) → role, in the order written. */
  roleMap: [string, Role][];
  /** The role of a user none of whose claim values is mapped; null refuses the sign-in. */
  defaultRole: Role | null;
  /** The workspace single sign-on users belong to (ENGRAM_OIDC_WORKSPACE); null: the default workspace. */
  workspaceId: string | null;
};

/** Parses `engram-admins=admin,engram-devs=developer`; an unknown role is a configuration error. */
export function parseRoleMap(text: string | undefined): [string, Role][] {
  if (!text?.trim()) return [];
  return text
    .split(",")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.lastIndexOf("=");
      const value = pair.slice(0, at).trim();
      const role = pair.slice(at + 1).trim() as Role;
      if (at <= 0 || !value || !roles.includes(role)) {
        throw new Error(`ENGRAM_OIDC_ROLE_MAP: "${pair}" is not VALUE=ROLE with ROLE one of ${roles.join(", ")}`);
      }
      return [value, role] as [string, Role];
    });
}

/** Single sign-on settings from the environment, or null when OpenID Connect is not configured. */
export function oidcConfig(env: Record<string, string | undefined> = config.oidcEnv): OidcConfig | null {
  const issuer = env.ENGRAM_OIDC_ISSUER?.trim();
  const clientId = env.ENGRAM_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.ENGRAM_OIDC_CLIENT_SECRET ?? "";
  if (!issuer || !clientId) return null;
  const defaultRole = env.ENGRAM_OIDC_DEFAULT_ROLE?.trim() || null;
  if (defaultRole && defaultRole !== "none" && !roles.includes(defaultRole as Role)) {
    throw new Error(`ENGRAM_OIDC_DEFAULT_ROLE: must be one of ${roles.join(", ")} or none`);
  }
  return {
    issuer,
    clientId,
    clientSecret,
    scopes: env.ENGRAM_OIDC_SCOPES?.trim() || "openid email profile",
    roleClaim: env.ENGRAM_OIDC_ROLE_CLAIM?.trim() || "groups",
    roleMap: parseRoleMap(env.ENGRAM_OIDC_ROLE_MAP),
    defaultRole: defaultRole && defaultRole !== "none" ? (defaultRole as Role) : null,
    workspaceId: env.ENGRAM_OIDC_WORKSPACE?.trim() || null,
  };
}

/** A claim's values: an array, or one string (several separated by commas or spaces). */
function claimValues(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((v): v is string => typeof v === "string");
  if (typeof claim === "string") return claim.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * The role a set of ID-token claims maps to: the most privileged mapped value wins (in the order
 * admin, developer, compliance, viewer), else the default role, else null (refuse).
 */
export function roleFromClaims(claims: Record<string, unknown>, config: Pick<OidcConfig, "roleClaim" | "roleMap" | "defaultRole">): Role | null {
  const values = new Set(claimValues(claims[config.roleClaim]));
  const mapped = config.roleMap.filter(([value]) => values.has(value)).map(([, role]) => role);
  return roles.find((role) => mapped.includes(role)) ?? config.defaultRole;
}
