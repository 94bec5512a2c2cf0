// Every kind of caller the authorization matrix and the web-security tests impersonate, built
// for one tenant: real API keys (agent with no grant / read-only / read-write, admin, revoked,
// another workspace's) and real console session cookies minted the way next-auth mints them.
import { encode } from "next-auth/jwt";
import { authSecret } from "@/server/auth/auth-secret";
import { revokeApiKey } from "@/server/api-keys/revoke-api-key";
import type { Role } from "@/server/auth/principal";
import { sessionCookieName } from "@/server/auth/session-cookie";
import { currentSessionVersion } from "@/server/auth/sign-out";
import { createTestTenant, type TestTenant } from "./fixtures";

export const principalNames = [
  "no_credentials",
  "revoked_key",
  "agent_no_grant",
  "agent_read_only",
  "agent_read_write",
  "admin_key",
  "other_workspace_key",
  "user_admin",
  "user_developer",
  "user_compliance",
  "user_viewer",
] as const;
export type PrincipalName = (typeof principalNames)[number];

export type Caller = {
  name: PrincipalName;
  /** Headers for a request with `method`; cookie callers add a same-origin Origin on mutations. */
  headers: (method: string) => Record<string, string>;
};

export type Principals = {
  callers: Record<PrincipalName, Caller>;
  readOnlyAgentId: string;
  readWriteAgentId: string;
  noGrantAgentId: string;
  /** Every secret created here (API keys, passwords), for the no-secrets-in-logs check. */
  secrets: string[];
  grantAgents: (storeId: string) => Promise<void>;
};

/** A next-auth session token for `userId`, exactly as the console's cookie carries it (JWE, salted by cookie name, the user's current session version). */
export async function sessionToken(userId: string, secure = false): Promise<string> {
  const sv = (await currentSessionVersion(userId)) ?? 0;
  return encode({ token: { uid: userId, sub: userId, sv }, secret: authSecret(), salt: sessionCookieName(secure), maxAge: 3600 });
}

export async function buildPrincipals(tenant: TestTenant, origin: string): Promise<Principals> {
  const other = await createTestTenant("other-workspace");
  const readOnly = await tenant.newAgent();
  const readWrite = await tenant.newAgent();
  const revoked = await tenant.newAgent();
  await revokeApiKey(tenant.system, revoked.keyId);
  const secrets = [tenant.adminKey, tenant.agentKey, other.adminKey, other.agentKey, readOnly.key, readWrite.key, revoked.key];

  const keyCaller = (name: PrincipalName, key: string | null): Caller => ({ name, headers: (): Record<string, string> => (key ? { "x-api-key": key } : {}) });
  const userCaller = async (name: PrincipalName, role: Role): Promise<Caller> => {
    const { user, password } = await tenant.user(role);
    secrets.push(password);
    const cookie = `${sessionCookieName(false)}=${await sessionToken(user.id)}`;
    return { name, headers: (method): Record<string, string> => (method === "GET" || method === "HEAD" ? { cookie } : { cookie, origin }) };
  };

  const callers = {
    no_credentials: keyCaller("no_credentials", null),
    revoked_key: keyCaller("revoked_key", revoked.key),
    agent_no_grant: keyCaller("agent_no_grant", tenant.agentKey),
    agent_read_only: keyCaller("agent_read_only", readOnly.key),
    agent_read_write: keyCaller("agent_read_write", readWrite.key),
    admin_key: keyCaller("admin_key", tenant.adminKey),
    other_workspace_key: keyCaller("other_workspace_key", other.adminKey),
    user_admin: await userCaller("user_admin", "admin"),
    user_developer: await userCaller("user_developer", "developer"),
    user_compliance: await userCaller("user_compliance", "compliance"),
    user_viewer: await userCaller("user_viewer", "viewer"),
  } satisfies Record<PrincipalName, Caller>;

  return {
    callers,
    readOnlyAgentId: readOnly.agent.id,
    readWriteAgentId: readWrite.agent.id,
    noGrantAgentId: tenant.agent.id,
    secrets,
    grantAgents: async (storeId) => {
      await tenant.grant(storeId, readOnly.agent.id, "read_only");
      await tenant.grant(storeId, readWrite.agent.id, "read_write");
    },
  };
}
