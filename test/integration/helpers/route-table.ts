// One call per /api/v1 route with the exact status each kind of caller must get: the authorization
// matrix (authz-matrix.test.ts) runs every row as every principal; the partition-isolation test runs
// every row as an admin of one workspace while another workspace's partitions are locked.
import { expect } from "vitest";
import { adminJson, send, type Fixture } from "./matrix";
import { principalNames, type PrincipalName, type Principals } from "./principals";
import type { TestTenant } from "./fixtures";

export type Codes = Record<PrincipalName, number>;
export type Env = { tenant: TestTenant; principals: Principals; origin: string; archive: Uint8Array<ArrayBuffer> };
export type Call = { path: string; body?: unknown; raw?: Uint8Array<ArrayBuffer>; contentType?: string };
export type Row = { mutates: boolean; codes: Codes; call: (fx: Fixture, env: Env) => Call | Promise<Call> };

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

export const memory = (fx: Fixture) => `/memory_stores/${fx.storeId}/memories/${fx.memoryId}`;
let unique = 0;
export const fresh = () => `${Date.now().toString(36)}-${++unique}`;

/** A fresh viewer in the tenant's workspace, for the member-changing rows. */
/** A fresh webhook endpoint in the tenant's workspace (a public literal address: nothing is sent, no worker runs here). */
const newWebhook = (env: Env) =>
  adminJson<{ id: string }>(env.origin, env.tenant.adminKey, "POST", "/webhooks", { url: "https://93.184.215.14/matrix", events: ["memory.created"] });
const manageWebhook = (ok = 200) => codes(401, 401, 403, 403, 403, ok, 404, ok, 403, 403, 403);

const newMember = (env: Env) =>
  adminJson<{ id: string }>(env.origin, env.tenant.adminKey, "POST", "/members", { email: `m-${fresh()}@matrix.test`, name: "Matrix member", role: "viewer" });

const placeHold = (fx: Fixture, env: Env) =>
  adminJson<{ id: string }>(env.origin, env.tenant.adminKey, "POST", "/holds", { memory_store_id: fx.storeId, memory_id: fx.memoryId, reason: "matrix" });
/** A pending proposal on the fixture's memory, from a further agent with propose access (agent keys see only their own). */
async function proposalIn(fx: Fixture, env: Env): Promise<string> {
  const proposer = await env.tenant.newAgent();
  await env.tenant.grant(fx.storeId, proposer.agent.id, "propose");
  const sent = await send(env.origin, { method: "POST", path: memory(fx), headers: { "x-api-key": proposer.key }, body: { content: "proposed\n" } });
  if (sent.status !== 202) throw new Error(`proposal fixture failed: ${sent.status} ${sent.text}`);
  return (JSON.parse(sent.text) as { id: string }).id;
}
/** Approve and reject: reviewers only (admins, developers, admin keys); agent keys never. */
const reviewProposal = () => codes(401, 401, 403, 403, 403, 200, 404, 200, 200, 403, 403);

export const table: Record<string, Row> = {
  "GET /proposals": { mutates: false, codes: readStore(), call: (fx) => ({ path: `/proposals?store_id=${fx.storeId}` }) },
  "GET /proposals/pending_count": { mutates: false, codes: everyone(), call: () => ({ path: "/proposals/pending_count" }) },
  "GET /proposals/{proposal_id}": {
    mutates: false,
    codes: codes(401, 401, 404, 404, 404, 200, 404, 200, 200, 200, 200),
    call: async (fx, env) => ({ path: `/proposals/${await proposalIn(fx, env)}` }),
  },
  "POST /proposals/{proposal_id}/approve": {
    mutates: true,
    codes: reviewProposal(),
    call: async (fx, env) => ({ path: `/proposals/${await proposalIn(fx, env)}/approve`, body: {} }),
  },
  "POST /proposals/{proposal_id}/reject": {
    mutates: true,
    codes: reviewProposal(),
    call: async (fx, env) => ({ path: `/proposals/${await proposalIn(fx, env)}/reject`, body: { reason: "matrix" } }),
  },
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
  "GET /redactions/{redaction_id}/certificate": {
    mutates: false,
    codes: redactInStore(),
    call: async (fx, env) => {
      const r = await adminJson<{ id: string }>(env.origin, env.tenant.adminKey, "POST", "/redaction/redact", {
        mode: "text",
        query: "line",
        store_id: fx.storeId,
        reason: "m",
      });
      return { path: `/redactions/${r.id}/certificate` };
    },
  },
  "GET /findings": { mutates: false, codes: redactInStore(), call: (fx) => ({ path: `/findings?store_id=${fx.storeId}` }) },
  "GET /findings/scan_status": {
    mutates: false,
    codes: codes(401, 401, 403, 403, 403, 200, 200, 200, 403, 200, 403),
    call: () => ({ path: "/findings/scan_status" }),
  },
  "POST /findings/redact": {
    mutates: false,
    codes: redactInStore(),
    call: (fx) => ({ path: "/findings/redact", body: { rule: "email", store_id: fx.storeId, reason: "matrix", dry_run: true } }),
  },
  "POST /findings/dismiss": {
    mutates: true,
    codes: redactInStore(),
    call: (fx) => ({ path: "/findings/dismiss", body: { rule: "email", store_id: fx.storeId, reason: "matrix" } }),
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
    // An import creates a store: the same permission as POST /memory_stores decides it (issue 13 finding 9).
    codes: workspaceAdmin(201),
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
  "GET /memory_stores/{memory_store_id}/retention": { mutates: false, codes: readStore(), call: (fx) => ({ path: `/memory_stores/${fx.storeId}/retention` }) },
  "POST /memory_stores/{memory_store_id}/retention": {
    mutates: true,
    codes: manageStore(),
    call: (fx) => ({ path: `/memory_stores/${fx.storeId}/retention`, body: { preset: "managed_agents" } }),
  },
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
  "GET /holds": { mutates: false, codes: redactInStore(), call: (fx) => ({ path: `/holds?memory_store_id=${fx.storeId}` }) },
  "POST /holds": { mutates: true, codes: redactInStore(), call: (fx) => ({ path: "/holds", body: { memory_store_id: fx.storeId, reason: "matrix" } }) },
  // Placing its hold changes the fixture (it would block deletes and redactions), so it gets a fresh one.
  "GET /holds/{hold_id}": { mutates: true, codes: redactInStore(), call: async (fx, env) => ({ path: `/holds/${(await placeHold(fx, env)).id}` }) },
  "POST /holds/{hold_id}/lift": {
    mutates: true,
    codes: redactInStore(),
    call: async (fx, env) => ({ path: `/holds/${(await placeHold(fx, env)).id}/lift`, body: { reason: "matrix" } }),
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
  "GET /sessions/{session_id}/changes": { mutates: false, codes: readSession(), call: (fx) => ({ path: `/sessions/${fx.sessionId}/changes` }) },
  "GET /events": { mutates: false, codes: readStore(), call: (fx) => ({ path: `/events?store_id=${fx.storeId}` }) },
  // MCP takes API keys only (signed-in users: 403); past authentication the transport answers (406: this probe sends no Accept header).
  "POST /mcp": {
    mutates: false,
    codes: codes(401, 401, 406, 406, 406, 406, 406, 403, 403, 403, 403),
    call: () => ({ path: "/mcp", body: { jsonrpc: "2.0", id: 1, method: "tools/list" } }),
  },
  "GET /mcp": { mutates: false, codes: codes(401, 401, 406, 406, 406, 406, 406, 403, 403, 403, 403), call: () => ({ path: "/mcp" }) },
  "DELETE /mcp": { mutates: false, codes: codes(401, 401, 400, 400, 400, 400, 400, 403, 403, 403, 403), call: () => ({ path: "/mcp" }) },
  "GET /search": { mutates: false, codes: readStore(), call: (fx) => ({ path: `/search?q=line&store_id=${fx.storeId}` }) },
  "POST /webhooks": { mutates: true, codes: workspaceAdmin(201), call: () => ({ path: "/webhooks", body: { url: "https://93.184.215.14/matrix" } }) },
  "GET /webhooks": { mutates: false, codes: workspaceAdmin(), call: () => ({ path: "/webhooks" }) },
  "GET /webhooks/{webhook_id}": { mutates: false, codes: manageWebhook(), call: async (_fx, env) => ({ path: `/webhooks/${(await newWebhook(env)).id}` }) },
  "PATCH /webhooks/{webhook_id}": {
    mutates: true,
    codes: manageWebhook(),
    call: async (_fx, env) => ({ path: `/webhooks/${(await newWebhook(env)).id}`, body: { description: "changed" } }),
  },
  "DELETE /webhooks/{webhook_id}": { mutates: true, codes: manageWebhook(), call: async (_fx, env) => ({ path: `/webhooks/${(await newWebhook(env)).id}` }) },
  "POST /webhooks/{webhook_id}/rotate_secret": {
    mutates: true,
    codes: manageWebhook(),
    call: async (_fx, env) => ({ path: `/webhooks/${(await newWebhook(env)).id}/rotate_secret` }),
  },
  "POST /webhooks/{webhook_id}/test": {
    mutates: true,
    codes: manageWebhook(),
    call: async (_fx, env) => ({ path: `/webhooks/${(await newWebhook(env)).id}/test` }),
  },
  "GET /webhooks/{webhook_id}/deliveries": {
    mutates: false,
    codes: manageWebhook(),
    call: async (_fx, env) => ({ path: `/webhooks/${(await newWebhook(env)).id}/deliveries` }),
  },
  "GET /goto": { mutates: false, codes: everyone(), call: () => ({ path: "/goto?q=notes" }) },
  // People and admin keys see the workspace's actors (hover cards); agent keys do not.
  "GET /actors/{actor_id}": {
    mutates: false,
    codes: codes(401, 401, 403, 403, 403, 200, 404, 200, 200, 200, 200),
    call: (_fx, env) => ({ path: `/actors/${env.tenant.agent.id}` }),
  },
};
