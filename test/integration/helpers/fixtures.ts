// Each test file builds its own tenant: a workspace with an admin key, an agent with a key and
// a signed-in-user principal per role. Nothing is shared between files.
import { newId } from "@/lib/ids";
import { createAgent } from "@/server/agents/create-agent";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { hashPassword } from "@/server/auth/passwords";
import type { RequestContext, Role } from "@/server/auth/principal";
import { getDb } from "@/server/db/client";
import { setGrant, type GrantAccess } from "@/server/grants/set-grant";
import { createWorkspace } from "@/server/workspaces/default-workspace";

export type TestTenant = Awaited<ReturnType<typeof createTestTenant>>;

export async function createTestTenant(label = "test") {
  const workspace = await createWorkspace(`${label} ${newId("request")}`);
  const system: RequestContext = { principal: { type: "system", workspaceId: workspace.id }, requestId: newId("request") };
  const admin = await createApiKey(system, { name: "admin", kind: "admin" });
  const agent = await createAgent(system, { name: `agent-${newId("request")}` });
  const agentKey = await createApiKey(system, { name: "agent key", kind: "agent", agentId: agent.id });
  return {
    workspace,
    system,
    adminKey: admin.secret,
    adminKeyId: admin.key.id,
    agent,
    agentKey: agentKey.secret,
    agentKeyId: agentKey.key.id,
    /** What the agent's key resolves to, as the API would build it (attached to `sessionId`, if given). */
    agentContext(sessionId: string | null = null): RequestContext {
      return {
        principal: { type: "api_key", workspaceId: workspace.id, apiKeyId: agentKey.key.id, keyKind: "agent", agentId: agent.id, sessionId },
        requestId: newId("request"),
      };
    },
    /** A further agent with its own key. */
    async newAgent(name = `agent-${newId("request")}`) {
      const other = await createAgent(system, { name });
      const key = await createApiKey(system, { name: `${name} key`, kind: "agent", agentId: other.id });
      return { agent: other, key: key.secret, keyId: key.key.id };
    },
    grant(storeId: string, agentId: string | null, access: GrantAccess | null) {
      return setGrant(system, { storeId, agentId, access });
    },
    /** A console user of `role`, with a password, and the principal the console would use. */
    async user(role: Role, password = "correct horse battery staple") {
      const { db } = await getDb();
      const user = await db.user.create({
        data: {
          id: newId("user"),
          workspaceId: workspace.id,
          email: `${role}-${newId("request").toLowerCase()}@example.test`,
          name: `Test ${role}`,
          role,
          passwordHash: await hashPassword(password),
        },
      });
      const ctx: RequestContext = {
        principal: { type: "user", workspaceId: workspace.id, userId: user.id, role, email: user.email, name: user.name },
        requestId: newId("request"),
      };
      return { user, password, ctx };
    },
  };
}
