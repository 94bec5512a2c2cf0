// Issue 17 item 1: the official Python SDK sends `POST` with `content-type: application/json` and an
// empty body for redact and archive. On every route whose body is optional, an empty body is `{}`,
// whatever the content type says. The route list comes from allRoutes, so a new optional-body
// route without a case here fails the test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "@/server/api/routes";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { adminJson, makeFixture, type Fixture } from "./helpers/matrix";
import { buildPrincipals, type Principals } from "./helpers/principals";

let api: RunningApi;
let tenant: TestTenant;
let principals: Principals;
let unique = 0;

type Case = { status: number; agentKey?: boolean; path: (fx: Fixture) => Promise<string> | string; check?: (body: Record<string, unknown>) => void };

const newMember = () =>
  adminJson<{ id: string }>(api.origin, tenant.adminKey, "POST", "/members", {
    email: `e-${Date.now()}-${++unique}@empty.test`,
    name: "Empty body",
    role: "viewer",
  });

const newWebhook = () => adminJson<{ id: string }>(api.origin, tenant.adminKey, "POST", "/webhooks", { url: "https://93.184.215.14/empty-body" });

/** A pending proposal on the fixture's memory, from an agent with propose access. */
async function newProposal(fx: Fixture) {
  const proposer = await tenant.newAgent();
  await tenant.grant(fx.storeId, proposer.agent.id, "propose");
  const res = await fetch(`${api.origin}/api/v1/memory_stores/${fx.storeId}/memories/${fx.memoryId}`, {
    method: "POST",
    headers: { "x-api-key": proposer.key, "content-type": "application/json" },
    body: JSON.stringify({ content: "proposed\n" }),
  });
  return ((await res.json()) as { id: string }).id;
}

/** Every POST route whose body may be absent, with a fresh target for each request. */
const cases: Record<string, Case> = {
  "POST /memory_stores/{memory_store_id}/archive": {
    status: 200,
    path: (fx) => `/memory_stores/${fx.storeId}/archive`,
    check: (body) => expect(body.archived_at).toEqual(expect.any(String)),
  },
  "POST /memory_stores/{memory_store_id}/memory_versions/{memory_version_id}/redact": {
    status: 200,
    path: (fx) => `/memory_stores/${fx.storeId}/memory_versions/${fx.firstVersionId}/redact`,
    check: (body) => expect(body.redacted_at).toEqual(expect.any(String)),
  },
  // An admin key must name the agent; an agent key starts a session for itself.
  "POST /sessions": { status: 200, agentKey: true, path: () => "/sessions", check: (body) => expect(body.type).toBe("session") },
  "POST /sessions/{session_id}/end": {
    status: 200,
    path: (fx) => `/sessions/${fx.sessionId}/end`,
    check: (body) => expect(body.ended_at).toEqual(expect.any(String)),
  },
  "POST /sessions/{session_id}/rollback": { status: 200, path: (fx) => `/sessions/${fx.sessionId}/rollback` },
  "POST /api_keys/{api_key_id}/revoke": {
    status: 200,
    path: async () => `/api_keys/${(await tenant.newAgent()).keyId}/revoke`,
    check: (body) => expect(body.revoked_at).toEqual(expect.any(String)),
  },
  "POST /members/{member_id}/deactivate": { status: 200, path: async () => `/members/${(await newMember()).id}/deactivate` },
  "POST /members/{member_id}/reactivate": { status: 200, path: async () => `/members/${(await newMember()).id}/reactivate` },
  "POST /audit_events/verify": { status: 200, path: () => "/audit_events/verify" },
  "POST /audit_events/checkpoints": { status: 201, path: () => "/audit_events/checkpoints" },
  "POST /webhooks/{webhook_id}/rotate_secret": {
    status: 200,
    path: async () => `/webhooks/${(await newWebhook()).id}/rotate_secret`,
    check: (body) => expect(body.secret).toEqual(expect.stringMatching(/^whsec_/)),
  },
  "POST /webhooks/{webhook_id}/test": {
    status: 200,
    path: async () => `/webhooks/${(await newWebhook()).id}/test`,
    check: (body) => expect(body.event_type).toBe("webhook.test"),
  },
  "POST /proposals/{proposal_id}/approve": {
    status: 200,
    path: async (fx) => `/proposals/${await newProposal(fx)}/approve`,
    check: (body) => expect(body.status).toBe("approved"),
  },
};

/** What the clients send: the Python SDK's JSON header, a form-ish or text header, none at all. */
const contentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", undefined];

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("empty-body");
  principals = await buildPrincipals(tenant, api.origin);
});
afterAll(() => api.close());

describe("empty POST bodies", () => {
  it("every POST route without a required body has a case here", () => {
    // Import's body is the archive itself, and MCP's a JSON-RPC message, each read by its handler; never optional.
    const optional = allRoutes
      .filter((route) => route.method === "post" && (!route.body || route.bodyOptional) && !["/memory_stores/import", "/mcp"].includes(route.path))
      .map((route) => `POST ${route.path}`);
    expect(optional.sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [name, spec] of Object.entries(cases)) {
    for (const contentType of contentTypes) {
      it(`${name} with an empty body and content-type ${contentType ?? "(none)"} is {}`, async () => {
        const fx = await makeFixture(api.origin, tenant, principals, `empty-${++unique}`);
        const headers: Record<string, string> = {
          "x-api-key": spec.agentKey ? tenant.agentKey : tenant.adminKey,
          ...(contentType ? { "content-type": contentType } : {}),
        };
        const res = await fetch(`${api.origin}/api/v1${await spec.path(fx)}`, { method: "POST", headers, body: "" });
        const body = (await res.json()) as Record<string, unknown>;
        expect({ status: res.status, body }).toMatchObject({ status: spec.status });
        spec.check?.(body);
      });
    }
  }

  it("a body that is present is still validated against the schema", async () => {
    const fx = await makeFixture(api.origin, tenant, principals, `empty-${++unique}`);
    const res = await fetch(`${api.origin}/api/v1/sessions/${fx.sessionId}/end`, {
      method: "POST",
      headers: { "x-api-key": tenant.adminKey, "content-type": "application/json" },
      body: JSON.stringify({ unexpected: true }),
    });
    expect(res.status).toBe(400);
    const malformed = await fetch(`${api.origin}/api/v1/sessions/${fx.sessionId}/end`, {
      method: "POST",
      headers: { "x-api-key": tenant.adminKey, "content-type": "application/json" },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
  });
});
