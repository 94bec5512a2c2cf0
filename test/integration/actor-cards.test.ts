// Hover cards (issue 16): what GET /actors/{id} says about each kind of actor, and to whom.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { createSessionRow, memoryTool } from "./memory-tool-helpers";

let api: RunningApi;
let tenant: TestTenant;

async function card(key: string, id: string) {
  const res = await fetch(`${api.origin}/api/v1/actors/${id}`, { headers: { "x-api-key": key } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("actor-cards");
});
afterAll(() => api.close());

describe("actor cards", () => {
  it("name, role or agent, last activity and link for an agent, a key, a session and a user", async () => {
    const store = await api.sdk(tenant.adminKey).beta.memoryStores.create({ name: "cards" });
    await tenant.grant(store.id, tenant.agent.id, "read_write");
    const session = await createSessionRow(tenant.workspace.id, tenant.agent.id, "Card session");
    await memoryTool(api.origin, tenant.agentKey, store.id, { command: "create", path: "/memories/a.md", file_text: "a\n" }, session.id);
    const viewer = await tenant.user("viewer");

    const agent = await card(tenant.adminKey, tenant.agent.id);
    expect(agent).toMatchObject({
      status: 200,
      body: { type: "actor_card", kind: "agent", name: tenant.agent.name, href: `/sessions?agent=${tenant.agent.id}` },
    });
    expect(Date.parse(String(agent.body.last_activity_at))).toBeGreaterThanOrEqual(session.startedAt.getTime());

    const key = await card(tenant.adminKey, tenant.agentKeyId);
    expect(key.body).toMatchObject({ kind: "api_key", detail: `agent key of ${tenant.agent.name}` });
    expect(key.body.last_activity_at).not.toBeNull(); // the key was just used

    expect((await card(tenant.adminKey, session.id)).body).toMatchObject({
      kind: "session",
      name: "Card session",
      detail: `session of ${tenant.agent.name}`,
      href: `/sessions/${session.id}`,
    });
    expect((await card(tenant.adminKey, viewer.user.id)).body).toMatchObject({ kind: "user", name: viewer.user.name, detail: "viewer" });
  });

  it("refuses agent keys, does not find other workspaces' actors, and rejects ids of no actor kind", async () => {
    expect((await card(tenant.agentKey, tenant.agent.id)).status).toBe(403);
    const other = await createTestTenant("actor-cards other");
    expect((await card(other.adminKey, tenant.agent.id)).status).toBe(404);
    expect((await card(tenant.adminKey, "memstore_01ABC")).status).toBe(400);
  });
});
