// Who the audit log and the versions say acted when a key names a session (x-engram-session-id),
// and that the header and memories_at?session_id tell a key nothing about sessions not its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;

type AuditRow = { action: string; actor: { type: string; id: string }; session_id: string | null; target: { id: string } | null };

const call = (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) =>
  rest(api.origin, key, method, path, body, headers);

async function auditEvents(query: string): Promise<AuditRow[]> {
  const reply = await call("GET", `/audit_events?limit=100&${query}`, tenant.adminKey);
  expect(reply.status).toBe(200);
  return reply.body.data as AuditRow[];
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("session-attribution");
});
afterAll(async () => {
  await api?.close();
});

describe("finding 5: the key that acted is always recorded", () => {
  it("an admin key sending another agent's session has its admin actions attributed to the key, with no session", async () => {
    const session = (await call("POST", "/sessions", tenant.agentKey, {})).body;
    const asSession = { "x-engram-session-id": session.id };
    const store = await call("POST", "/memory_stores", tenant.adminKey, { name: "attributed" }, asSession);
    expect(store.status).toBe(200);
    const key = await call("POST", "/api_keys", tenant.adminKey, { name: "made in a session", kind: "admin" }, asSession);
    const grant = await call("POST", `/memory_stores/${store.body.id}/grants`, tenant.adminKey, { agent_id: tenant.agent.id, access: "read_write" }, asSession);
    const member = await call(
      "POST",
      "/members",
      tenant.adminKey,
      { email: `m-${newId("request").toLowerCase()}@example.test`, name: "M", role: "viewer" },
      asSession,
    );
    const written = await call(
      "POST",
      `/memory_stores/${store.body.id}/memories`,
      tenant.adminKey,
      { path: "/admin.md", content: "by the admin key" },
      asSession,
    );
    const deleted = await call("DELETE", `/memory_stores/${store.body.id}`, tenant.adminKey, undefined, asSession);
    expect([key.status, grant.status, member.status, written.status, deleted.status]).toEqual([200, 200, 201, 200, 200]);

    const events = await auditEvents(`actor_id=${tenant.adminKeyId}`);
    const actions = ["store.created", "api_key.created", "grant.set", "user.created", "memory.created", "store.deleted"];
    for (const action of actions) {
      const event = events.find((e) => e.action === action);
      expect(event, action).toBeDefined();
      expect({ action, actor: event!.actor, session: event!.session_id }).toEqual({ action, actor: { type: "api_key", id: tenant.adminKeyId }, session: null });
    }
    expect(await auditEvents(`actor_id=${session.id}`)).toEqual([]);
    // The admin key's write is the key's, not the agent's session's.
    expect(written.body.memory_version_id).toBeDefined();
    const version = await call("GET", `/memory_stores/${store.body.id}/memory_versions/${written.body.memory_version_id}`, tenant.adminKey);
    expect(version.status === 404 || version.body.created_by?.type === "api_actor").toBe(true);
  });

  it("an agent key's memory write in its own session records the key as actor and the session beside it", async () => {
    const store = (await call("POST", "/memory_stores", tenant.adminKey, { name: "agent-session" })).body;
    await tenant.grant(store.id, tenant.agent.id, "read_write");
    const session = (await call("POST", "/sessions", tenant.agentKey, {})).body;
    const written = await call(
      "POST",
      `/memory_stores/${store.id}/memories`,
      tenant.agentKey,
      { path: "/s.md", content: "in session" },
      { "x-engram-session-id": session.id },
    );
    expect(written.status).toBe(200);
    const version = await call("GET", `/memory_stores/${store.id}/memory_versions/${written.body.memory_version_id}`, tenant.agentKey);
    expect(version.body.created_by).toEqual({ type: "session_actor", session_id: session.id });
    const [event] = (await auditEvents(`session_id=${session.id}`)).filter((e) => e.action === "memory.created");
    expect({ actor: event.actor, session: event.session_id }).toEqual({ actor: { type: "api_key", id: tenant.agentKeyId }, session: session.id });
  });
});

describe("finding 12: one answer for another agent's session and for none", () => {
  it("x-engram-session-id: a foreign session answers exactly like a missing one", async () => {
    const other = await tenant.newAgent();
    const foreign = (await call("POST", "/sessions", other.key, {})).body;
    const missing = newId("session");
    const asForeign = await call("GET", "/memory_stores", tenant.agentKey, undefined, { "x-engram-session-id": foreign.id });
    const asMissing = await call("GET", "/memory_stores", tenant.agentKey, undefined, { "x-engram-session-id": missing });
    expect(asForeign.status).toBe(asMissing.status);
    expect(asForeign.body.error.type).toBe(asMissing.body.error.type);
    expect(asForeign.body.error.message.replace(foreign.id, "ID")).toBe(asMissing.body.error.message.replace(missing, "ID"));
  });

  it("memories_at?session_id: another agent's session, or one that wrote only in a store the key cannot read, tells nothing", async () => {
    const readable = (await call("POST", "/memory_stores", tenant.adminKey, { name: "readable" })).body;
    const hidden = (await call("POST", "/memory_stores", tenant.adminKey, { name: "hidden" })).body;
    const other = await tenant.newAgent();
    await tenant.grant(readable.id, tenant.agent.id, "read_only");
    await tenant.grant(hidden.id, other.agent.id, "read_write");
    const foreign = (await call("POST", "/sessions", other.key, {})).body;
    await call("POST", `/memory_stores/${hidden.id}/memories`, other.key, { path: "/secret.md", content: "hidden" }, { "x-engram-session-id": foreign.id });
    const missing = newId("session");
    const viaForeign = await call("GET", `/memory_stores/${readable.id}/memories_at?session_id=${foreign.id}`, tenant.agentKey);
    const viaMissing = await call("GET", `/memory_stores/${readable.id}/memories_at?session_id=${missing}`, tenant.agentKey);
    expect(JSON.stringify(viaForeign.body)).not.toContain("memver_");
    expect(viaForeign.status).toBe(viaMissing.status);
    expect(viaForeign.body.error?.message.replace(foreign.id, "ID")).toBe(viaMissing.body.error?.message.replace(missing, "ID"));
    // An admin key sees every session, but the session's writes elsewhere still do not show up in this store's answer.
    const admin = await call("GET", `/memory_stores/${readable.id}/memories_at?session_id=${foreign.id}`, tenant.adminKey);
    expect(JSON.stringify(admin.body)).not.toContain("memver_");
  });
});
