import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest, type Reply } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let other: TestTenant;

const call = (method: string, path: string, key?: string, body?: unknown) => rest(api.origin, key, method, path, body);

const expectError = (res: Reply, status: number, type: string) => {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ type: "error", error: { type } });
};

async function auditActions(key: string, query: string) {
  const res = await call("GET", `/audit_events?limit=100&${query}`, key);
  return res.body.data as { action: string; target: { type: string; id: string }; data: Record<string, unknown> }[];
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("akg");
  other = await createTestTenant("akg-other");
});
afterAll(() => api.close());

describe("agents", () => {
  it("an admin key creates, lists and retrieves agents", async () => {
    const created = await call("POST", "/agents", tenant.adminKey, { name: "researcher", description: "reads papers" });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ type: "agent", name: "researcher", description: "reads papers" });
    expect(created.body.id).toMatch(/^agent_/);
    const fetched = await call("GET", `/agents/${created.body.id}`, tenant.adminKey);
    expect(fetched.body).toEqual(created.body);
    const first = await call("GET", "/agents?limit=1", tenant.adminKey);
    expect(first.body.data.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
    const rest = await call("GET", `/agents?limit=100&page=${first.body.next_page}`, tenant.adminKey);
    expect(rest.body.data.map((a: { id: string }) => a.id)).toContain(tenant.agent.id);
    const events = await auditActions(tenant.adminKey, "action=agent.created");
    expect(events.some((e) => e.target.id === created.body.id)).toBe(true);
  });

  it("rejects bad input, duplicates and non-admins", async () => {
    expectError(await call("POST", "/agents", tenant.adminKey, { name: "" }), 400, "invalid_request_error");
    expectError(await call("POST", "/agents", tenant.adminKey, { name: 3 }), 400, "invalid_request_error");
    expectError(await call("POST", "/agents", tenant.adminKey, { name: "x", role: "admin" }), 400, "invalid_request_error");
    expectError(await call("POST", "/agents", tenant.adminKey, { name: "n".repeat(101) }), 400, "invalid_request_error");
    await call("POST", "/agents", tenant.adminKey, { name: "twin" });
    expectError(await call("POST", "/agents", tenant.adminKey, { name: "twin" }), 409, "conflict_error");
    expectError(await call("POST", "/agents", tenant.agentKey, { name: "rogue" }), 403, "permission_error");
    expectError(await call("POST", "/agents", undefined, { name: "anon" }), 401, "authentication_error");
    expectError(await call("GET", "/agents"), 401, "authentication_error");
  });

  it("an agent key sees only its own agent", async () => {
    const second = await tenant.newAgent();
    const listed = await call("GET", "/agents", tenant.agentKey);
    expect(listed.body.data.map((a: { id: string }) => a.id)).toEqual([tenant.agent.id]);
    expect((await call("GET", `/agents/${tenant.agent.id}`, tenant.agentKey)).status).toBe(200);
    expectError(await call("GET", `/agents/${second.agent.id}`, tenant.agentKey), 404, "not_found_error");
  });

  it("another workspace's agents answer 404", async () => {
    expectError(await call("GET", `/agents/${other.agent.id}`, tenant.adminKey), 404, "not_found_error");
    expectError(await call("DELETE", `/agents/${other.agent.id}`, tenant.adminKey), 404, "not_found_error");
    const listed = await call("GET", "/agents?limit=100", tenant.adminKey);
    expect(listed.body.data.map((a: { id: string }) => a.id)).not.toContain(other.agent.id);
  });

  it("deleting an agent stops its keys at once and is audited", async () => {
    const doomed = await tenant.newAgent("doomed");
    expect((await call("GET", "/memory_stores", doomed.key)).status).toBe(200);
    expectError(await call("DELETE", `/agents/${doomed.agent.id}`, tenant.agentKey), 403, "permission_error");
    const res = await call("DELETE", `/agents/${doomed.agent.id}`, tenant.adminKey);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: doomed.agent.id, type: "agent_deleted" });
    expectError(await call("GET", "/memory_stores", doomed.key), 401, "authentication_error");
    expectError(await call("GET", `/agents/${doomed.agent.id}`, tenant.adminKey), 404, "not_found_error");
    const events = await auditActions(tenant.adminKey, "action=agent.deleted");
    expect(events.find((e) => e.target.id === doomed.agent.id)?.data).toMatchObject({ name: "doomed", api_keys: 1 });
  });
});

describe("API keys", () => {
  it("creates a key whose secret is shown once and works", async () => {
    const res = await call("POST", "/api_keys", tenant.adminKey, { name: "ci", kind: "agent", agent_id: tenant.agent.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: "api_key", name: "ci", kind: "agent", agent_id: tenant.agent.id, last_used_at: null, revoked_at: null });
    expect(res.body.key).toMatch(/^egk_/);
    expect(res.body.key.startsWith(res.body.prefix)).toBe(true);
    expect((await call("GET", "/sessions", res.body.key)).status).toBe(200);

    const admin = await call("POST", "/api_keys", tenant.adminKey, { name: "ops", kind: "admin" });
    expect(admin.body).toMatchObject({ kind: "admin", agent_id: null });
    expect((await call("GET", "/api_keys", admin.body.key)).status).toBe(200);

    const events = await auditActions(tenant.adminKey, "action=api_key.created");
    const event = events.find((e) => e.target.id === res.body.id)!;
    expect(JSON.stringify(event)).not.toContain(res.body.key);
  });

  it("lists keys without hashes or secrets, with last use and filters", async () => {
    const t = await createTestTenant("akg-list");
    await call("GET", "/sessions", t.agentKey);
    const res = await call("GET", "/api_keys", t.adminKey);
    expect(res.status).toBe(200);
    expect(res.body.data.map((k: { id: string }) => k.id)).toEqual([t.agentKeyId, t.adminKeyId]);
    for (const key of res.body.data) {
      expect(Object.keys(key).sort()).toEqual(["agent_id", "created_at", "id", "kind", "last_used_at", "name", "prefix", "revoked_at", "type"]);
    }
    expect(res.body.data[0].last_used_at).toEqual(expect.any(String));
    expect(JSON.stringify(res.body)).not.toContain(t.agentKey);
    const agentOnly = await call("GET", "/api_keys?kind=agent", t.adminKey);
    expect(agentOnly.body.data.map((k: { id: string }) => k.id)).toEqual([t.agentKeyId]);
    const byAgent = await call("GET", `/api_keys?agent_id=${t.agent.id}`, t.adminKey);
    expect(byAgent.body.data.map((k: { id: string }) => k.id)).toEqual([t.agentKeyId]);
    const paged = await call("GET", "/api_keys?limit=1", t.adminKey);
    expect(paged.body.next_page).toEqual(expect.any(String));
    expect((await call("GET", `/api_keys?limit=1&page=${paged.body.next_page}`, t.adminKey)).body.data[0].id).toBe(t.adminKeyId);
  });

  it("rejects bad input, other workspaces and non-admins", async () => {
    expectError(await call("POST", "/api_keys", tenant.adminKey, { name: "x", kind: "agent" }), 400, "invalid_request_error");
    expectError(await call("POST", "/api_keys", tenant.adminKey, { name: "x", kind: "admin", agent_id: tenant.agent.id }), 400, "invalid_request_error");
    expectError(await call("POST", "/api_keys", tenant.adminKey, { name: "x", kind: "root" }), 400, "invalid_request_error");
    expectError(await call("POST", "/api_keys", tenant.adminKey, { name: "", kind: "admin" }), 400, "invalid_request_error");
    expectError(await call("POST", "/api_keys", tenant.adminKey, { name: "x", kind: "admin", hash: "abc" }), 400, "invalid_request_error");
    expectError(await call("POST", "/api_keys", tenant.adminKey, { name: "x", kind: "agent", agent_id: other.agent.id }), 404, "not_found_error");
    expectError(await call("POST", "/api_keys", tenant.agentKey, { name: "x", kind: "admin" }), 403, "permission_error");
    expectError(await call("GET", "/api_keys", tenant.agentKey), 403, "permission_error");
    expectError(await call("POST", `/api_keys/${tenant.adminKeyId}/revoke`, tenant.agentKey), 403, "permission_error");
    expectError(await call("POST", `/api_keys/${other.agentKeyId}/revoke`, tenant.adminKey), 404, "not_found_error");
    expectError(await call("GET", "/api_keys"), 401, "authentication_error");
    const listed = await call("GET", "/api_keys?limit=100", tenant.adminKey);
    expect(listed.body.data.map((k: { id: string }) => k.id)).not.toContain(other.agentKeyId);
  });

  it("revocation stops a key at once and is audited", async () => {
    const created = (await call("POST", "/api_keys", tenant.adminKey, { name: "short-lived", kind: "agent", agent_id: tenant.agent.id })).body;
    expect((await call("GET", "/sessions", created.key)).status).toBe(200);
    const revoked = await call("POST", `/api_keys/${created.id}/revoke`, tenant.adminKey);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).toEqual(expect.any(String));
    expect(revoked.body.key).toBeUndefined();
    expectError(await call("GET", "/sessions", created.key), 401, "authentication_error");
    const bearer = await fetch(`${api.origin}/api/v1/sessions`, { headers: { authorization: `Bearer ${created.key}` } });
    expect(bearer.status).toBe(401);
    const again = await call("POST", `/api_keys/${created.id}/revoke`, tenant.adminKey);
    expect(again.body.revoked_at).toBe(revoked.body.revoked_at);
    const events = (await auditActions(tenant.adminKey, "action=api_key.revoked")).filter((e) => e.target.id === created.id);
    expect(events).toHaveLength(1);
  });

  it("console roles other than admin cannot manage keys", async () => {
    const { createApiKey } = await import("@/server/api-keys/create-api-key");
    const { listApiKeys } = await import("@/server/api-keys/list-api-keys");
    const developer = await tenant.user("developer");
    await expect(createApiKey(developer.ctx, { name: "x", kind: "admin" })).rejects.toMatchObject({ status: 403 });
    await expect(listApiKeys(developer.ctx, { limit: 10, includeRevoked: true })).rejects.toMatchObject({ status: 403 });
    const admin = await tenant.user("admin");
    expect((await listApiKeys(admin.ctx, { limit: 10, includeRevoked: true })).data.length).toBeGreaterThan(0);
  });
});

describe("grants", () => {
  it("enforce access per agent: none → 404, read_only → 403 on writes, read_write → writes", async () => {
    const t = await createTestTenant("akg-grants");
    const storeId = (await call("POST", "/memory_stores", t.adminKey, { name: "kb" })).body.id;
    const seed = (await call("POST", `/memory_stores/${storeId}/memories`, t.adminKey, { path: "/seed.md", content: "s" })).body;

    expectError(await call("GET", `/memory_stores/${storeId}`, t.agentKey), 404, "not_found_error");
    expectError(await call("GET", `/memory_stores/${storeId}/memories/${seed.id}`, t.agentKey), 404, "not_found_error");
    expect((await call("GET", "/memory_stores", t.agentKey)).body.data).toEqual([]);

    const set = await call("POST", `/memory_stores/${storeId}/grants`, t.adminKey, { agent_id: t.agent.id, access: "read_only" });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ type: "grant", memory_store_id: storeId, agent_id: t.agent.id, access: "read_only" });
    expect(set.body.id).toMatch(/^grant_/);
    expect((await call("GET", `/memory_stores/${storeId}/memories/${seed.id}`, t.agentKey)).body.content).toBe("s");
    expectError(await call("POST", `/memory_stores/${storeId}/memories`, t.agentKey, { path: "/new.md", content: "n" }), 403, "permission_error");
    expectError(await call("DELETE", `/memory_stores/${storeId}/memories/${seed.id}`, t.agentKey), 403, "permission_error");

    await call("POST", `/memory_stores/${storeId}/grants`, t.adminKey, { agent_id: t.agent.id, access: "read_write" });
    expect((await call("POST", `/memory_stores/${storeId}/memories`, t.agentKey, { path: "/new.md", content: "n" })).status).toBe(200);

    const removed = await call("POST", `/memory_stores/${storeId}/grants`, t.adminKey, { agent_id: t.agent.id, access: null });
    expect(removed.body).toEqual({ type: "grant", id: null, memory_store_id: storeId, agent_id: t.agent.id, access: null, paths: [], created_at: null });
    expectError(await call("GET", `/memory_stores/${storeId}/memories/${seed.id}`, t.agentKey), 404, "not_found_error");

    const actions = (await auditActions(t.adminKey, `store_id=${storeId}`)).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith("grant."))).toEqual(["grant.removed", "grant.set", "grant.set"]);
  });

  it("a grant to all agents reaches every agent, and removing it stops them", async () => {
    const t = await createTestTenant("akg-all");
    const second = await t.newAgent();
    const storeId = (await call("POST", "/memory_stores", t.adminKey, { name: "shared" })).body.id;
    const all = await call("POST", `/memory_stores/${storeId}/grants`, t.adminKey, { agent_id: null, access: "read_write" });
    expect(all.body).toMatchObject({ agent_id: null, access: "read_write" });
    expect((await call("POST", `/memory_stores/${storeId}/memories`, t.agentKey, { path: "/a.md", content: "a" })).status).toBe(200);
    expect((await call("POST", `/memory_stores/${storeId}/memories`, second.key, { path: "/b.md", content: "b" })).status).toBe(200);

    // A direct read_only grant does not weaken the all-agents read_write one.
    await call("POST", `/memory_stores/${storeId}/grants`, t.adminKey, { agent_id: second.agent.id, access: "read_only" });
    expect((await call("POST", `/memory_stores/${storeId}/memories`, second.key, { path: "/c.md", content: "c" })).status).toBe(200);

    const listed = await call("GET", `/memory_stores/${storeId}/grants`, t.adminKey);
    expect(listed.body.data.map((g: { agent_id: string | null; access: string }) => [g.agent_id, g.access])).toEqual([
      [null, "read_write"],
      [second.agent.id, "read_only"],
    ]);

    const matrix = await call("GET", "/grants", t.adminKey);
    expect(matrix.status).toBe(200);
    expect(matrix.body.type).toBe("grant_matrix");
    expect(matrix.body.agents.map((a: { id: string }) => a.id).sort()).toEqual([t.agent.id, second.agent.id].sort());
    expect(matrix.body.memory_stores).toEqual([{ id: storeId, name: "shared", archived_at: null }]);
    expect(matrix.body.grants).toHaveLength(2);
    expect(matrix.body.effective).toEqual(
      expect.arrayContaining([
        { agent_id: t.agent.id, memory_store_id: storeId, access: "read_write", scoped: false },
        { agent_id: second.agent.id, memory_store_id: storeId, access: "read_write", scoped: false },
      ]),
    );

    await call("POST", `/memory_stores/${storeId}/grants`, t.adminKey, { agent_id: null, access: null });
    expectError(await call("GET", `/memory_stores/${storeId}`, t.agentKey), 404, "not_found_error");
    expect((await call("GET", `/memory_stores/${storeId}`, second.key)).status).toBe(200);
    expectError(await call("POST", `/memory_stores/${storeId}/memories`, second.key, { path: "/d.md", content: "d" }), 403, "permission_error");
    const after = await call("GET", "/grants", t.adminKey);
    expect(after.body.effective).toEqual([{ agent_id: second.agent.id, memory_store_id: storeId, access: "read_only", scoped: false }]);
  });

  it("rejects bad input, other workspaces and non-admins", async () => {
    const storeId = (await call("POST", "/memory_stores", tenant.adminKey, { name: "guarded" })).body.id;
    const foreignStore = (await call("POST", "/memory_stores", other.adminKey, { name: "foreign" })).body.id;
    const path = `/memory_stores/${storeId}/grants`;
    expectError(await call("POST", path, tenant.adminKey, { agent_id: tenant.agent.id, access: "admin" }), 400, "invalid_request_error");
    expectError(await call("POST", path, tenant.adminKey, { access: "read_only" }), 400, "invalid_request_error");
    expectError(await call("POST", path, tenant.adminKey, { agent_id: tenant.agent.id }), 400, "invalid_request_error");
    expectError(await call("POST", path, tenant.adminKey, { agent_id: tenant.agent.id, access: "read_only", extra: 1 }), 400, "invalid_request_error");
    expectError(await call("POST", path, tenant.adminKey, { agent_id: other.agent.id, access: "read_only" }), 404, "not_found_error");
    expectError(await call("POST", `/memory_stores/${foreignStore}/grants`, tenant.adminKey, { agent_id: null, access: "read_only" }), 404, "not_found_error");
    expectError(await call("GET", `/memory_stores/${foreignStore}/grants`, tenant.adminKey), 404, "not_found_error");
    expectError(await call("POST", path, tenant.agentKey, { agent_id: tenant.agent.id, access: "read_write" }), 403, "permission_error");
    expectError(await call("GET", path, tenant.agentKey), 403, "permission_error");
    expectError(await call("GET", "/grants", tenant.agentKey), 403, "permission_error");
    expectError(await call("GET", "/grants"), 401, "authentication_error");
    expect((await call("GET", path, tenant.adminKey)).body.data).toEqual([]);
    const matrix = await call("GET", "/grants", tenant.adminKey);
    expect(matrix.body.memory_stores.map((s: { id: string }) => s.id)).not.toContain(foreignStore);
    expect(matrix.body.agents.map((a: { id: string }) => a.id)).not.toContain(other.agent.id);
  });

  it("a store's grants come a page at a time, the all-agents grant first, each grant once", async () => {
    const t = await createTestTenant("akg-pages");
    const storeId = (await call("POST", "/memory_stores", t.adminKey, { name: "paged" })).body.id;
    const agents = [t.agent, ...(await Promise.all([1, 2, 3, 4].map(() => t.newAgent()))).map((a) => a.agent)];
    for (const agent of agents) await call("POST", `/memory_stores/${storeId}/grants`, t.adminKey, { agent_id: agent.id, access: "read_only" });
    await call("POST", `/memory_stores/${storeId}/grants`, t.adminKey, { agent_id: null, access: "propose" });
    const seen: (string | null)[] = [];
    let page: string | null = null;
    do {
      const res: Reply = await call("GET", `/memory_stores/${storeId}/grants?limit=2${page ? `&page=${page}` : ""}`, t.adminKey);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((g: { agent_id: string | null }) => g.agent_id));
      page = res.body.next_page;
    } while (page);
    // In the database's order of ids (its collation), each once.
    expect(seen[0]).toBeNull();
    expect(new Set(seen.slice(1)).size).toBe(agents.length);
    expect([...seen.slice(1)].sort()).toEqual(agents.map((a) => a.id).sort());
    expectError(await call("GET", `/memory_stores/${storeId}/grants?limit=101`, t.adminKey), 400, "invalid_request_error");
    expectError(await call("GET", `/memory_stores/${storeId}/grants?page=not-a-cursor`, t.adminKey), 400, "invalid_request_error");
  });

  it("the matrix comes a window at a time: stores and agents by name from an offset, with totals, narrowed by name", async () => {
    const t = await createTestTenant("akg-window");
    const stores: { id: string; name: string }[] = [];
    for (const name of ["delta", "alpha", "charlie", "bravo"]) stores.push((await call("POST", "/memory_stores", t.adminKey, { name })).body);
    // Names in the same order under any collation: "agent-…" (the tenant's), then these two.
    const agents = [t.agent, (await t.newAgent("zeta-one")).agent, (await t.newAgent("zeta-two")).agent];
    // Every agent on every store, and everyone on "delta".
    for (const store of stores) {
      for (const agent of agents) await call("POST", `/memory_stores/${store.id}/grants`, t.adminKey, { agent_id: agent.id, access: "read_only" });
    }
    const delta = stores.find((s) => s.name === "delta")!;
    await call("POST", `/memory_stores/${delta.id}/grants`, t.adminKey, { agent_id: null, access: "read_write" });

    const window = await call("GET", "/grants?store_limit=2&store_offset=2&agent_limit=2&agent_offset=1", t.adminKey);
    expect(window.status).toBe(200);
    expect(window.body.memory_stores.map((s: { name: string }) => s.name)).toEqual(["charlie", "delta"]);
    expect(window.body).toMatchObject({ memory_stores_total: 4, store_offset: 2, agents_total: 3, agent_offset: 1 });
    const shownAgents = agents.slice(1, 3).map((a) => a.id);
    expect(window.body.agents.map((a: { id: string }) => a.id)).toEqual(shownAgents);
    // Only the window's cells: its two agents' grants on its two stores, and delta's all-agents grant.
    const shownStores = [stores.find((s) => s.name === "charlie")!.id, delta.id];
    expect(window.body.grants).toHaveLength(5);
    for (const grant of window.body.grants) {
      expect(shownStores).toContain(grant.memory_store_id);
      if (grant.agent_id !== null) expect(shownAgents).toContain(grant.agent_id);
    }
    expect(window.body.effective).toHaveLength(4);
    const onDelta = window.body.effective.filter((c: { memory_store_id: string }) => c.memory_store_id === delta.id);
    expect(onDelta.map((c: { access: string }) => c.access)).toEqual(["read_write", "read_write"]);

    const narrowed = await call("GET", "/grants?store_q=LPH&agent_q=zzz-none", t.adminKey);
    expect(narrowed.body.memory_stores.map((s: { name: string }) => s.name)).toEqual(["alpha"]);
    expect(narrowed.body).toMatchObject({ memory_stores_total: 1, agents_total: 0, agents: [], effective: [] });
    const past = await call("GET", "/grants?store_offset=10", t.adminKey);
    expect(past.body).toMatchObject({ memory_stores: [], memory_stores_total: 4, grants: [] });
    expectError(await call("GET", "/grants?store_limit=0", t.adminKey), 400, "invalid_request_error");
    expectError(await call("GET", "/grants?agent_offset=-1", t.adminKey), 400, "invalid_request_error");
  });

  it("setting the same grant twice records one event", async () => {
    const storeId = (await call("POST", "/memory_stores", tenant.adminKey, { name: "idempotent" })).body.id;
    await call("POST", `/memory_stores/${storeId}/grants`, tenant.adminKey, { agent_id: tenant.agent.id, access: "read_only" });
    const again = await call("POST", `/memory_stores/${storeId}/grants`, tenant.adminKey, { agent_id: tenant.agent.id, access: "read_only" });
    expect(again.body.access).toBe("read_only");
    const events = await auditActions(tenant.adminKey, `store_id=${storeId}&action=grant.set`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ target: { type: "agent", id: tenant.agent.id }, data: { access: "read_only", previous: null } });
  });
});
