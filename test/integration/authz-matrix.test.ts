// The authorization matrix: every /api/v1 route (from allRoutes) × every kind of caller, with the
// exact status each must get. A route without a row here fails the test, so a new endpoint
// cannot ship without deciding who may call it. Mutating rows that succeed get a fresh fixture.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "@/server/api/routes";
import { setGrant } from "@/server/grants/set-grant";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant } from "./helpers/fixtures";
import { adminJson, makeFixture, send } from "./helpers/matrix";
import { buildPrincipals, principalNames } from "./helpers/principals";
import { fresh, memory, table, type Env } from "./helpers/route-table";

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
      let fixture = await makeFixture(env.origin, env.tenant, env.principals, `r${fresh()}`);
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
        if (row.mutates && sent.status < 300) fixture = await makeFixture(env.origin, env.tenant, env.principals, `r${fresh()}`);
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

  it("a path-scoped key is denied every memory route outside its patterns; a propose key's writes answer 202", async () => {
    const call = (method: string, path: string, key: string, body?: unknown) => send(env.origin, { method, path, headers: { "x-api-key": key }, body });
    const fx = await makeFixture(env.origin, env.tenant, env.principals, "scoped");
    const { path: hiddenPath } = JSON.parse((await call("GET", memory(fx), env.tenant.adminKey)).text) as { path: string };
    const scoped = await env.tenant.newAgent();
    await env.tenant.grant(fx.storeId, scoped.agent.id, null);
    await setGrant(env.tenant.system, {
      storeId: fx.storeId,
      agentId: scoped.agent.id,
      access: "read_write",
      paths: [{ pattern: "/elsewhere/**", access: "read_write" }],
    });
    const base = `/memory_stores/${fx.storeId}`;
    const outside: [string, string, unknown, number][] = [
      ["GET", memory(fx), undefined, 404],
      ["POST", memory(fx), { content: "x" }, 404],
      ["DELETE", memory(fx), undefined, 404],
      ["POST", `${base}/memories`, { path: "/notes/new.md", content: "x" }, 403],
      ["GET", `${base}/memory_versions/${fx.headVersionId}`, undefined, 404],
      ["GET", `${memory(fx)}/diff`, undefined, 404],
      ["GET", `${memory(fx)}/blame`, undefined, 404],
      ["POST", `${memory(fx)}/restore`, { version_id: fx.firstVersionId }, 403],
      ["POST", `${base}/memories`, { path: "/elsewhere/ok.md", content: "x" }, 200],
    ];
    const mismatches: string[] = [];
    for (const [method, path, body, want] of outside) {
      const sent = await call(method, path, scoped.key, body);
      if (sent.status !== want) mismatches.push(`${method} ${path}: expected ${want}, got ${sent.status} ${sent.text.slice(0, 120)}`);
    }
    for (const path of [`${base}/memories`, `${base}/memory_versions`, `/search?q=line&store_id=${fx.storeId}`]) {
      const sent = await call("GET", path, scoped.key);
      if (sent.status !== 200 || sent.text.includes(hiddenPath)) mismatches.push(`GET ${path} showed ${hiddenPath} (${sent.status})`);
    }
    const tool = await call("POST", `${base}/memory_tool`, scoped.key, { command: "view", path: `/memories${hiddenPath}` });
    if (!tool.text.includes('"is_error":true')) mismatches.push(`memory tool view of ${hiddenPath}: ${tool.text.slice(0, 120)}`);

    const proposer = await env.tenant.newAgent();
    await env.tenant.grant(fx.storeId, proposer.agent.id, "propose");
    const proposing: [string, string, unknown, number][] = [
      ["POST", `${base}/memories`, { path: "/notes/proposed.md", content: "x" }, 202],
      ["POST", memory(fx), { content: "x" }, 202],
      ["DELETE", memory(fx), undefined, 202],
      ["POST", `${memory(fx)}/restore`, { version_id: fx.firstVersionId }, 403],
      ["GET", memory(fx), undefined, 200],
    ];
    for (const [method, path, body, want] of proposing) {
      const sent = await call(method, path, proposer.key, body);
      if (sent.status !== want) mismatches.push(`propose ${method} ${path}: expected ${want}, got ${sent.status} ${sent.text.slice(0, 120)}`);
    }
    expect(mismatches).toEqual([]);
  });
});
