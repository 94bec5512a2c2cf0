// The authorization matrix: every /api/v1 route (from allRoutes) × every kind of caller, with the
// exact status each must get. A route without a row here fails the test, so a new endpoint
// cannot ship without deciding who may call it. Mutating rows that succeed get a fresh fixture.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "@/server/api/routes";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { adminJson, makeFixture, send, type Fixture } from "./helpers/matrix";
import { buildPrincipals, principalNames, type PrincipalName, type Principals } from "./helpers/principals";

type Codes = Record<PrincipalName, number>;
type Env = { tenant: TestTenant; principals: Principals; origin: string; archive: Uint8Array<ArrayBuffer> };
type Call = { path: string; body?: unknown; raw?: Uint8Array<ArrayBuffer>; contentType?: string };
type Row = { mutates: boolean; codes: Codes; call: (fx: Fixture, env: Env) => Call | Promise<Call> };

/** Columns in principalNames order: none, revoked, agent(no grant), agent(ro), agent(rw), admin key, other workspace, user admin/developer/compliance/viewer. */
function codes(...statuses: number[]): Codes {
  expect(statuses).toHaveLength(principalNames.length);
  return Object.fromEntries(principalNames.map((name, i) => [name, statuses[i]])) as Codes;
}
// Named patterns, read left to right as the columns above.
const readStore = (ok = 200) => codes(401, 401, 404, ok, ok, ok, 404, ok, ok, ok, ok);
const writeMemory = (ok = 200) => codes(401, 401, 404, 403, ok, ok, 404, ok, ok, 403, 403);
const manageStore = (ok = 200) => codes(401, 401, 403, 403, 403, ok, 404, ok, 403, 403, 403);
const redactInStore = (ok = 200) => codes(401, 401, 403, 403, 403, ok, 404, ok, 403, ok, 403);
/** Workspace-level admin scopes (agents, keys, grants matrix): another workspace's admin key works on its own workspace. */
const workspaceAdmin = (ok = 200) => codes(401, 401, 403, 403, 403, ok, ok, ok, 403, 403, 403);
const auditRead = (ok = 200) => codes(401, 401, 403, 403, 403, ok, ok, ok, ok, ok, 403);
const everyone = (ok = 200) => codes(401, 401, ok, ok, ok, ok, ok, ok, ok, ok, ok);
/** A session of the read-write agent: other agents' keys and other workspaces do not see it. */
const readSession = (ok = 200) => codes(401, 401, 404, 404, ok, ok, 404, ok, ok, ok, ok);

const memory = (fx: Fixture) => `/memory_stores/${fx.storeId}/memories/${fx.memoryId}`;
let unique = 0;
const fresh = () => `${Date.now().toString(36)}-${++unique}`;

/** A fresh viewer in the tenant's workspace, for the member-changing rows. */
const newMember = (env: Env) =>
  adminJson<{ id: string }>(env.origin, env.tenant.adminKey, "POST", "/members", { email: `m-${fresh()}@matrix.test`, name: "Matrix member", role: "viewer" });

const table: Record<string, Row> = {
  "POST /redaction/search": {
    mutates: false,
    codes: redactInStore(),
    call: (fx) => ({ path: "/redaction/search", body: { query: "line", store_id: fx.storeId } }),
  },
  "POST /redaction/redact": {
    mutates: true,
    codes: codes(401, 401, 403, 403, 403, 200, 404, 200, 403, 200, 403),
    call: (fx) => ({ path: "/redaction/redact", body: { mode: "version", version_ids: [fx.firstVersionId], reason: "matrix" } }),
  },
  "GET /audit_events/export": { mutates: false, codes: auditRead(), call: () => ({ path: "/audit_events/export?format=ndjson" }) },
  "POST /audit_events/checkpoints": { mutates: true, codes: auditRead(201), call: () => ({ path: "/audit_events/checkpoints", body: {} }) },
  "GET /memory_stores/{memory_store_id}/export": {
    mutates: false,
    codes: codes(401, 401, 403, 403, 403, 200, 404, 200, 200, 200, 403),
    call: (fx) => ({ path: `/memory_stores/${fx.storeId}/export` }),
  },
  "POST /memory_stores/import": {
    mutates: true,
    codes: codes(401, 401, 403, 403, 403, 201, 201, 201, 201, 403, 403),
    call: (_fx, env) => ({ path: `/memory_stores/import?name=imported-${fresh()}`, raw: env.archive, contentType: "application/gzip" }),
  },
  "POST /memory_stores": { mutates: true, codes: workspaceAdmin(), call: () => ({ path: "/memory_stores", body: { name: `new ${fresh()}` } }) },
  "GET /memory_stores": { mutates: false, codes: everyone(), call: () => ({ path: "/memory_stores" }) },
  "GET /memory_stores/{memory_store_id}": { mutates: false, codes: readStore(), call: (fx) => ({ path: `/memory_stores/${fx.storeId}` }) },
  "POST /memory_stores/{memory_store_id}": {
    mutates: true,
    codes: manageStore(),
    call: (fx) => ({ path: `/memory_stores/${fx.storeId}`, body: { description: "changed" } }),
  },
  "DELETE /memory_stores/{memory_store_id}": { mutates: true, codes: manageStore(), call: (fx) => ({ path: `/memory_stores/${fx.storeId}` }) },
  "POST /memory_stores/{memory_store_id}/archive": { mutates: true, codes: manageStore(), call: (fx) => ({ path: `/memory_stores/${fx.storeId}/archive` }) },
  "POST /memory_stores/{memory_store_id}/memories": {
    mutates: true,
    codes: writeMemory(),
    call: (fx) => ({ path: `/memory_stores/${fx.storeId}/memories`, body: { path: `/new/${fresh()}.md`, content: "x" } }),
  },
  "GET /memory_stores/{memory_store_id}/memories": { mutates: false, codes: readStore(), call: (fx) => ({ path: `/memory_stores/${fx.storeId}/memories` }) },
  "GET /memory_stores/{memory_store_id}/memories/{memory_id}": { mutates: false, codes: readStore(), call: (fx) => ({ path: memory(fx) }) },
  "POST /memory_stores/{memory_store_id}/memories/{memory_id}": {
    mutates: true,
    codes: writeMemory(),
    call: (fx) => ({ path: memory(fx), body: { content: "updated", precondition: { type: "content_sha256", content_sha256: fx.headSha } } }),
  },
  "DELETE /memory_stores/{memory_store_id}/memories/{memory_id}": { mutates: true, codes: writeMemory(), call: (fx) => ({ path: memory(fx) }) },
  "GET /memory_stores/{memory_store_id}/memory_versions": {
    mutates: false,
    codes: readStore(),
    call: (fx) => ({ path: `/memory_stores/${fx.storeId}/memory_versions` }),
  },
  "GET /memory_stores/{memory_store_id}/memory_versions/{memory_version_id}": {
    mutates: false,
    codes: readStore(),
    call: (fx) => ({ path: `/memory_stores/${fx.storeId}/memory_versions/${fx.firstVersionId}` }),
  },
  "POST /memory_stores/{memory_store_id}/memory_versions/{memory_version_id}/redact": {
    mutates: true,
    codes: redactInStore(),
    call: (fx) => ({ path: `/memory_stores/${fx.storeId}/memory_versions/${fx.firstVersionId}/redact` }),
  },
  "POST /memory_stores/{memory_store_id}/memories/{memory_id}/restore": {
    mutates: true,
    codes: writeMemory(),
    call: (fx) => ({ path: `${memory(fx)}/restore`, body: { version_id: fx.firstVersionId } }),
  },
  "POST /sessions/{session_id}/rollback": {
    mutates: true,
    codes: codes(401, 401, 404, 404, 200, 200, 404, 200, 200, 403, 403),
    call: (fx) => ({ path: `/sessions/${fx.sessionId}/rollback`, body: {} }),
  },
  "GET /memory_stores/{memory_store_id}/memories/{memory_id}/diff": { mutates: false, codes: readStore(), call: (fx) => ({ path: `${memory(fx)}/diff` }) },
  "GET /memory_stores/{memory_store_id}/memories/{memory_id}/blame": { mutates: false, codes: readStore(), call: (fx) => ({ path: `${memory(fx)}/blame` }) },
  "GET /memory_stores/{memory_store_id}/memories_at": {
    mutates: false,
    codes: readStore(),
    call: (fx) => ({ path: `/memory_stores/${fx.storeId}/memories_at?at=${encodeURIComponent(new Date().toISOString())}` }),
  },
  "GET /memory_stores/{memory_store_id}/memories/{memory_id}/at": {
    mutates: false,
    codes: readStore(),
    call: (fx) => ({ path: `${memory(fx)}/at?at=${encodeURIComponent(new Date().toISOString())}` }),
  },
  "POST /sessions": {
    mutates: true,
    codes: codes(401, 401, 403, 403, 200, 200, 404, 200, 403, 403, 403),
    call: (_fx, env) => ({ path: "/sessions", body: { agent_id: env.principals.readWriteAgentId, title: "matrix" } }),
  },
  "GET /sessions": { mutates: false, codes: everyone(), call: () => ({ path: "/sessions" }) },
  "GET /sessions/{session_id}": { mutates: false, codes: readSession(), call: (fx) => ({ path: `/sessions/${fx.sessionId}` }) },
  "POST /sessions/{session_id}/end": {
    mutates: true,
    codes: codes(401, 401, 404, 404, 200, 200, 404, 200, 403, 403, 403),
    call: (fx) => ({ path: `/sessions/${fx.sessionId}/end` }),
  },
  "POST /agents": { mutates: true, codes: workspaceAdmin(), call: () => ({ path: "/agents", body: { name: `agent ${fresh()}` } }) },
  "GET /agents": { mutates: false, codes: everyone(), call: () => ({ path: "/agents" }) },
  "GET /agents/{agent_id}": {
    mutates: false,
    // An agent key sees only its own agent.
    codes: readSession(),
    call: (_fx, env) => ({ path: `/agents/${env.principals.readWriteAgentId}` }),
  },
  "DELETE /agents/{agent_id}": {
    mutates: true,
    codes: codes(401, 401, 403, 403, 403, 200, 404, 200, 403, 403, 403),
    call: async (_fx, env) => ({ path: `/agents/${(await env.tenant.newAgent()).agent.id}` }),
  },
  "POST /api_keys": { mutates: true, codes: workspaceAdmin(), call: () => ({ path: "/api_keys", body: { name: `key ${fresh()}`, kind: "admin" } }) },
  "GET /api_keys": { mutates: false, codes: workspaceAdmin(), call: () => ({ path: "/api_keys" }) },
  "POST /api_keys/{api_key_id}/revoke": {
    mutates: true,
    codes: codes(401, 401, 403, 403, 403, 200, 404, 200, 403, 403, 403),
    call: async (_fx, env) => ({ path: `/api_keys/${(await env.tenant.newAgent()).keyId}/revoke` }),
  },
  "GET /memory_stores/{memory_store_id}/grants": { mutates: false, codes: manageStore(), call: (fx) => ({ path: `/memory_stores/${fx.storeId}/grants` }) },
  "POST /memory_stores/{memory_store_id}/grants": {
    mutates: true,
    codes: manageStore(),
    call: (fx, env) => ({ path: `/memory_stores/${fx.storeId}/grants`, body: { agent_id: env.principals.noGrantAgentId, access: "read_only" } }),
  },
  "GET /grants": { mutates: false, codes: workspaceAdmin(), call: () => ({ path: "/grants" }) },
  "GET /members": { mutates: false, codes: workspaceAdmin(), call: () => ({ path: "/members" }) },
  "POST /members": {
    mutates: true,
    codes: workspaceAdmin(201),
    call: () => ({ path: "/members", body: { email: `m-${fresh()}@matrix.test`, name: "Matrix member", role: "viewer" } }),
  },
  "POST /members/{member_id}/role": {
    mutates: true,
    codes: codes(401, 401, 403, 403, 403, 200, 404, 200, 403, 403, 403),
    call: async (_fx, env) => ({ path: `/members/${(await newMember(env)).id}/role`, body: { role: "developer" } }),
  },
  "POST /members/{member_id}/deactivate": {
    mutates: true,
    codes: codes(401, 401, 403, 403, 403, 200, 404, 200, 403, 403, 403),
    call: async (_fx, env) => ({ path: `/members/${(await newMember(env)).id}/deactivate` }),
  },
  "POST /members/{member_id}/reactivate": {
    mutates: true,
    codes: codes(401, 401, 403, 403, 403, 200, 404, 200, 403, 403, 403),
    call: async (_fx, env) => ({ path: `/members/${(await newMember(env)).id}/reactivate` }),
  },
  "GET /audit_events": { mutates: false, codes: auditRead(), call: () => ({ path: "/audit_events" }) },
  "POST /audit_events/verify": { mutates: false, codes: auditRead(), call: () => ({ path: "/audit_events/verify" }) },
  "POST /memory_stores/{memory_store_id}/memory_tool": {
    mutates: true,
    codes: writeMemory(),
    call: (fx) => ({ path: `/memory_stores/${fx.storeId}/memory_tool`, body: { command: "create", path: `/memories/tool-${fresh()}.md`, file_text: "hi\n" } }),
  },
  "GET /sessions/{session_id}/timeline": { mutates: false, codes: readSession(), call: (fx) => ({ path: `/sessions/${fx.sessionId}/timeline` }) },
  "GET /events": { mutates: false, codes: readStore(), call: (fx) => ({ path: `/events?store_id=${fx.storeId}` }) },
};

let api: RunningApi;
let env: Env;

beforeAll(async () => {
  api = await startApiServer();
  const tenant = await createTestTenant("authz-matrix");
  const principals = await buildPrincipals(tenant, api.origin);
  const seed = await adminJson<{ id: string }>(api.origin, tenant.adminKey, "POST", "/memory_stores", { name: "archive source" });
  await adminJson(api.origin, tenant.adminKey, "POST", `/memory_stores/${seed.id}/memories`, { path: "/a.md", content: "archived\n" });
  const exported = await fetch(`${api.origin}/api/v1/memory_stores/${seed.id}/export`, { headers: { "x-api-key": tenant.adminKey } });
  expect(exported.status).toBe(200);
  env = { tenant, principals, origin: api.origin, archive: new Uint8Array(await exported.arrayBuffer()) };
});
afterAll(() => api?.close());

const routeKey = (route: { method: string; path: string }) => `${route.method.toUpperCase()} ${route.path}`;

describe("authorization matrix", () => {
  it("has exactly one row per route in allRoutes", () => {
    const keys = allRoutes.map(routeKey);
    expect(
      keys.filter((key) => !(key in table)),
      "routes without a row in the authorization matrix",
    ).toEqual([]);
    expect(
      Object.keys(table).filter((key) => !keys.includes(key)),
      "rows for routes that no longer exist",
    ).toEqual([]);
  });

  it("every route × every principal gets its exact status", { timeout: 600_000 }, async () => {
    const mismatches: string[] = [];
    let requests = 0;
    for (const route of allRoutes) {
      const key = routeKey(route);
      const row = table[key];
      if (!row) continue;
      let fixture = await makeFixture(env.origin, env.tenant, env.principals, `r${++unique}`);
      for (const name of principalNames) {
        const call = await row.call(fixture, env);
        const method = route.method.toUpperCase();
        const sent = await send(env.origin, {
          method,
          path: call.path,
          body: call.body,
          raw: call.raw,
          contentType: call.contentType,
          headers: env.principals.callers[name].headers(method),
        });
        requests++;
        const want = row.codes[name];
        if (sent.status !== want) mismatches.push(`${key} as ${name}: expected ${want}, got ${sent.status} ${sent.text.slice(0, 160)}`);
        if (sent.status >= 400) {
          const body = JSON.parse(sent.text) as { type?: string; error?: { type?: string; message?: string } };
          if (body.type !== "error" || !body.error?.message) mismatches.push(`${key} as ${name}: ${sent.status} without the error envelope`);
        }
        // A successful mutation may have consumed the fixture (deleted, archived, redacted...): the next row gets a new one.
        if (row.mutates && sent.status < 300) fixture = await makeFixture(env.origin, env.tenant, env.principals, `r${++unique}`);
      }
    }
    console.log(
      `[authz-matrix ${process.env.ENGRAM_TEST_DB ?? "sqlite"}] ${allRoutes.length} routes × ${principalNames.length} principals = ${requests} requests`,
    );
    expect(mismatches).toEqual([]);
  });

  it("revoking a key, removing a grant and deleting a store take effect on the very next request", async () => {
    const call = (method: string, path: string, key: string, body?: unknown) => send(env.origin, { method, path, headers: { "x-api-key": key }, body });
    const fx = await makeFixture(env.origin, env.tenant, env.principals, "immediate");
    const agent = await env.tenant.newAgent();
    await env.tenant.grant(fx.storeId, agent.agent.id, "read_write");
    expect((await call("GET", `/memory_stores/${fx.storeId}/memories`, agent.key)).status).toBe(200);
    expect((await call("POST", `/memory_stores/${fx.storeId}/grants`, env.tenant.adminKey, { agent_id: agent.agent.id, access: null })).status).toBe(200);
    expect((await call("GET", `/memory_stores/${fx.storeId}/memories`, agent.key)).status).toBe(404);
    expect((await call("GET", "/sessions", agent.key)).status).toBe(200);
    expect((await call("POST", `/api_keys/${agent.keyId}/revoke`, env.tenant.adminKey)).status).toBe(200);
    expect((await call("GET", "/sessions", agent.key)).status).toBe(401);
    expect((await call("DELETE", `/memory_stores/${fx.storeId}`, env.tenant.adminKey)).status).toBe(200);
    expect((await call("GET", `/memory_stores/${fx.storeId}`, env.tenant.adminKey)).status).toBe(404);
    expect((await call("DELETE", `/memory_stores/${fx.storeId}`, env.tenant.adminKey)).status).toBe(404);
  });
});
