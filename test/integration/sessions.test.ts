import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { createSessionRow } from "./memory-tool-helpers";
import { rest, type Reply } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let other: TestTenant;

const call = (method: string, path: string, key?: string, body?: unknown, headers: Record<string, string> = {}) =>
  rest(api.origin, key, method, path, body, headers);

async function newStore(name: string) {
  const res = await call("POST", "/memory_stores", tenant.adminKey, { name });
  expect(res.status).toBe(200);
  return res.body.id as string;
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("sessions");
  other = await createTestTenant("sessions-other");
});
afterAll(() => api.close());

describe("POST /sessions", () => {
  it("an agent key starts a session for its own agent", async () => {
    const res = await call("POST", "/sessions", tenant.agentKey, { title: "nightly run", external_id: "run-42", metadata: { branch: "main" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      type: "session",
      agent_id: tenant.agent.id,
      title: "nightly run",
      external_id: "run-42",
      metadata: { branch: "main" },
      ended_at: null,
      read_count: 0,
      write_count: 0,
      memory_store_ids: [],
    });
    expect(res.body.id).toMatch(/^sesn_/);
    expect(Date.parse(res.body.started_at)).not.toBeNaN();
  });

  it("accepts an empty body from an agent key", async () => {
    const res = await call("POST", "/sessions", tenant.agentKey);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: "", external_id: null, metadata: {} });
  });

  it("an agent key cannot start a session for another agent", async () => {
    const second = await tenant.newAgent();
    const res = await call("POST", "/sessions", tenant.agentKey, { agent_id: second.agent.id });
    expect(res.status).toBe(403);
    expect(res.body.error.type).toBe("permission_error");
  });

  it("an admin key names the agent, and must", async () => {
    const ok = await call("POST", "/sessions", tenant.adminKey, { agent_id: tenant.agent.id, title: "by admin" });
    expect(ok.status).toBe(200);
    expect(ok.body.agent_id).toBe(tenant.agent.id);
    const missing = await call("POST", "/sessions", tenant.adminKey, { title: "no agent" });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });

  it("another workspace's agent answers 404", async () => {
    const res = await call("POST", "/sessions", tenant.adminKey, { agent_id: other.agent.id });
    expect(res.status).toBe(404);
    expect(res.body.error.type).toBe("not_found_error");
  });

  it("rejects bad input with 400 and writes nothing", async () => {
    const before = await call("GET", "/sessions?limit=100", tenant.adminKey);
    const bad = [
      { metadata: { n: 1 } },
      { title: 5 },
      { unknown_field: true },
      { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) },
      { metadata: { ["x".repeat(65)]: "v" } },
      { title: "t".repeat(256) },
      { external_id: "" },
    ];
    for (const body of bad) {
      const res = await call("POST", "/sessions", tenant.agentKey, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.type).toBe("invalid_request_error");
    }
    const malformed = await fetch(`${api.origin}/api/v1/sessions`, {
      method: "POST",
      headers: { "x-api-key": tenant.agentKey, "content-type": "application/json" },
      body: "{",
    });
    expect(malformed.status).toBe(400);
    const after = await call("GET", "/sessions?limit=100", tenant.adminKey);
    expect(after.body.data.length).toBe(before.body.data.length);
  });

  it("needs a valid, unrevoked key", async () => {
    expect((await call("POST", "/sessions", undefined, {})).status).toBe(401);
    expect((await call("POST", "/sessions", "egk_not_a_key", {})).status).toBe(401);
    const extra = await tenant.newAgent();
    expect((await call("POST", "/sessions", extra.key, {})).status).toBe(200);
    expect((await call("POST", `/api_keys/${extra.keyId}/revoke`, tenant.adminKey)).status).toBe(200);
    const revoked = await call("POST", "/sessions", extra.key, {});
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.type).toBe("authentication_error");
  });

  it("records session.created in the audit log", async () => {
    const created = await call("POST", "/sessions", tenant.agentKey, { title: "audited" });
    const events = await call("GET", `/audit_events?action=session.created&session_id=${created.body.id}`, tenant.adminKey);
    expect(events.body.data).toHaveLength(1);
    expect(events.body.data[0]).toMatchObject({ actor: { type: "api_key", id: tenant.agentKeyId }, target: { type: "session", id: created.body.id } });
  });
});

describe("attribution through x-engram-session-id", () => {
  it("versions written inside a session carry session_actor, and reads are counted", async () => {
    const storeId = await newStore("attributed");
    await tenant.grant(storeId, tenant.agent.id, "read_write");
    const session = (await call("POST", "/sessions", tenant.agentKey, { title: "writer" })).body;
    const client = api.sdk(tenant.agentKey, { "x-engram-session-id": session.id });
    const memory = await client.beta.memoryStores.memories.create(storeId, { path: "/notes.md", content: "one" });
    await client.beta.memoryStores.memories.update(memory.id, { memory_store_id: storeId, content: "two" });
    await client.beta.memoryStores.memories.retrieve(memory.id, { memory_store_id: storeId });

    const versions = await client.beta.memoryStores.memoryVersions.list(storeId, { session_id: session.id } as never);
    const items = [];
    for await (const version of versions) items.push(version);
    expect(items).toHaveLength(2);
    for (const version of items) expect(version.created_by).toEqual({ type: "session_actor", session_id: session.id });

    const plain = await api.sdk(tenant.agentKey).beta.memoryStores.memories.create(storeId, { path: "/plain.md", content: "x" });
    const plainVersions = await call("GET", `/memory_stores/${storeId}/memory_versions?memory_id=${plain.id}`, tenant.adminKey);
    expect(plainVersions.body.data[0].created_by).toEqual({ type: "api_actor", api_key_id: tenant.agentKeyId });

    const fetched = await call("GET", `/sessions/${session.id}`, tenant.agentKey);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ id: session.id, write_count: 2, read_count: 1 });

    const audit = await call("GET", `/audit_events?session_id=${session.id}&action=memory.created`, tenant.adminKey);
    // The key acted; the session is recorded beside it (issue 13 finding 5).
    expect(audit.body.data[0]).toMatchObject({ actor: { type: "api_key", id: tenant.agentKeyId }, session_id: session.id });
  });

  it("refuses a session of another agent exactly like an unknown session (400)", async () => {
    const second = await tenant.newAgent();
    const theirs = (await call("POST", "/sessions", second.key, {})).body;
    const res = await call("GET", "/sessions", tenant.agentKey, undefined, { "x-engram-session-id": theirs.id });
    expect(res.status).toBe(400);
    const unknown = await call("GET", "/sessions", tenant.agentKey, undefined, { "x-engram-session-id": "sesn_nope" });
    expect(unknown.status).toBe(400);
    const foreign = (await call("POST", "/sessions", other.agentKey, {})).body;
    expect((await call("GET", "/sessions", tenant.agentKey, undefined, { "x-engram-session-id": foreign.id })).status).toBe(400);
  });
});

describe("GET /sessions", () => {
  it("a version names the key that wrote it, inside a session too (an admin key is not the session's agent)", async () => {
    const t = await createTestTenant("sessions-key");
    const store = (await call("POST", "/memory_stores", t.adminKey, { name: "keyed" })).body.id;
    await t.grant(store, null, "read_write");
    const session = (await call("POST", "/sessions", t.agentKey, { title: "mixed writers" })).body;
    const byAdmin = await call(
      "POST",
      `/memory_stores/${store}/memories`,
      t.adminKey,
      { path: "/admin.md", content: "a" },
      { "x-engram-session-id": session.id },
    );
    const byAgent = await call(
      "POST",
      `/memory_stores/${store}/memories`,
      t.agentKey,
      { path: "/agent.md", content: "b" },
      { "x-engram-session-id": session.id },
    );
    const versions = (await call("GET", `/memory_stores/${store}/memory_versions`, t.adminKey)).body.data;
    const of = (memoryId: string) => versions.find((v: { memory_id: string }) => v.memory_id === memoryId);
    // An admin key does not join an agent's session: its write is its own.
    expect(of(byAdmin.body.id)).toMatchObject({
      created_by: { type: "api_actor", api_key_id: t.adminKeyId },
      engram: { api_key_id: t.adminKeyId, agent_id: null },
    });
    expect(of(byAgent.body.id)).toMatchObject({
      created_by: { type: "session_actor", session_id: session.id },
      engram: { api_key_id: t.agentKeyId, agent_id: t.agent.id },
    });
  });

  it("finds sessions by title or external id, ignoring case", async () => {
    const t = await createTestTenant("sessions-search");
    const nightly = (await call("POST", "/sessions", t.agentKey, { title: "Nightly Cleanup", external_id: "run-7" })).body;
    const deploy = (await call("POST", "/sessions", t.agentKey, { title: "deploy notes", external_id: "NIGHTLY-2" })).body;
    await call("POST", "/sessions", t.agentKey, { title: "unrelated" });
    const ids = (res: Reply) => res.body.data.map((s: { id: string }) => s.id);
    expect(ids(await call("GET", "/sessions?q=nightly", t.adminKey))).toEqual([deploy.id, nightly.id]);
    expect(ids(await call("GET", "/sessions?q=CLEANUP", t.adminKey))).toEqual([nightly.id]);
    expect(ids(await call("GET", "/sessions?q=run-7", t.adminKey))).toEqual([nightly.id]);
    expect(ids(await call("GET", "/sessions?q=nothing-like-this", t.adminKey))).toEqual([]);
    expect((await call("GET", `/sessions?q=${"x".repeat(201)}`, t.adminKey)).status).toBe(400);
  });

  it("pages newest first and filters", async () => {
    const t = await createTestTenant("sessions-list");
    const writerStore = (await call("POST", "/memory_stores", t.adminKey, { name: "w" })).body.id;
    const readerStore = (await call("POST", "/memory_stores", t.adminKey, { name: "r" })).body.id;
    await t.grant(writerStore, null, "read_write");
    await t.grant(readerStore, null, "read_only");
    const seed = await api.sdk(t.adminKey).beta.memoryStores.memories.create(readerStore, { path: "/seed.md", content: "s" });

    const s1 = (await call("POST", "/sessions", t.agentKey, { title: "s1" })).body;
    const s2 = (await call("POST", "/sessions", t.agentKey, { title: "s2" })).body;
    const second = await t.newAgent();
    const s3 = (await call("POST", "/sessions", second.key, { title: "s3" })).body;
    await api.sdk(t.agentKey, { "x-engram-session-id": s1.id }).beta.memoryStores.memories.create(writerStore, { path: "/a.md", content: "a" });
    await api.sdk(second.key, { "x-engram-session-id": s3.id }).beta.memoryStores.memories.retrieve(seed.id, { memory_store_id: readerStore });

    const ids = (res: Reply) => res.body.data.map((s: { id: string }) => s.id);
    const all = await call("GET", "/sessions", t.adminKey);
    expect(ids(all)).toEqual([s3.id, s2.id, s1.id]);
    expect(all.body.data[2]).toMatchObject({ write_count: 1, read_count: 0, memory_store_ids: [writerStore] });
    expect(all.body.data[0]).toMatchObject({ write_count: 0, read_count: 1, memory_store_ids: [readerStore] });
    expect(all.body.data[1]).toMatchObject({ memory_store_ids: [] });
    // An agent key sees only the stores it may read now.
    await t.grant(writerStore, null, null);
    expect((await call("GET", `/sessions/${s1.id}`, t.agentKey)).body).toMatchObject({ write_count: 1, memory_store_ids: [] });
    expect((await call("GET", `/sessions/${s1.id}`, t.adminKey)).body).toMatchObject({ memory_store_ids: [writerStore] });
    await t.grant(writerStore, null, "read_write");

    const first = await call("GET", "/sessions?limit=2", t.adminKey);
    expect(ids(first)).toEqual([s3.id, s2.id]);
    expect(first.body.next_page).toEqual(expect.any(String));
    const rest = await call("GET", `/sessions?limit=2&page=${first.body.next_page}`, t.adminKey);
    expect(ids(rest)).toEqual([s1.id]);
    expect(rest.body.next_page).toBeNull();

    expect(ids(await call("GET", `/sessions?agent_id=${second.agent.id}`, t.adminKey))).toEqual([s3.id]);
    expect(ids(await call("GET", `/sessions?store_id=${writerStore}`, t.adminKey))).toEqual([s1.id]);
    expect(ids(await call("GET", `/sessions?store_id=${readerStore}`, t.adminKey))).toEqual([s3.id]);
    expect(ids(await call("GET", "/sessions?wrote=true", t.adminKey))).toEqual([s1.id]);
    expect(ids(await call("GET", "/sessions?wrote=false", t.adminKey))).toEqual([s3.id, s2.id]);
    expect(ids(await call("GET", `/sessions?wrote=false&store_id=${readerStore}`, t.adminKey))).toEqual([s3.id]);
    const future = new Date(Date.now() + 60_000).toISOString();
    const past = new Date(Date.parse(s1.started_at) - 1).toISOString();
    expect(ids(await call("GET", `/sessions?created_at[gte]=${encodeURIComponent(future)}`, t.adminKey))).toEqual([]);
    expect(ids(await call("GET", `/sessions?created_at[lte]=${encodeURIComponent(past)}`, t.adminKey))).toEqual([]);
    expect(ids(await call("GET", `/sessions?created_at[gte]=${encodeURIComponent(s2.started_at)}`, t.adminKey))).toEqual([s3.id, s2.id]);

    // An agent key sees only its own agent's sessions.
    expect(ids(await call("GET", "/sessions", t.agentKey))).toEqual([s2.id, s1.id]);
    expect(ids(await call("GET", `/sessions?agent_id=${second.agent.id}`, t.agentKey))).toEqual([]);
  });

  it("answers 404 for a store the caller cannot see and 400 for bad filters", async () => {
    const hidden = await newStore("hidden");
    expect((await call("GET", `/sessions?store_id=${hidden}`, tenant.agentKey)).status).toBe(404);
    const foreignStore = (await call("POST", "/memory_stores", other.adminKey, { name: "theirs" })).body.id;
    expect((await call("GET", `/sessions?store_id=${foreignStore}`, tenant.adminKey)).status).toBe(404);
    expect((await call("GET", "/sessions?wrote=maybe", tenant.adminKey)).status).toBe(400);
    expect((await call("GET", "/sessions?created_at[gte]=yesterday", tenant.adminKey)).status).toBe(400);
    expect((await call("GET", "/sessions?page=garbage", tenant.adminKey)).status).toBe(400);
    expect((await call("GET", "/sessions?limit=0", tenant.adminKey)).status).toBe(400);
    expect((await call("GET", "/sessions")).status).toBe(401);
  });

  it("never lists another workspace's sessions", async () => {
    const theirs = (await call("POST", "/sessions", other.agentKey, {})).body;
    const mine = await call("GET", "/sessions?limit=100", tenant.adminKey);
    expect(mine.body.data.map((s: { id: string }) => s.id)).not.toContain(theirs.id);
  });
});

describe("GET /sessions filtered by activity", () => {
  it("pages correctly when the matching sessions are far apart (more than one batch of candidates)", async () => {
    const t = await createTestTenant("sessions-sparse");
    const storeId = (await call("POST", "/memory_stores", t.adminKey, { name: "sparse" })).body.id;
    await t.grant(storeId, t.agent.id, "read_write");
    const writers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const session = (await call("POST", "/sessions", t.agentKey, {})).body.id as string;
      const wrote = await call(
        "POST",
        `/memory_stores/${storeId}/memories`,
        t.agentKey,
        { path: `/w${i}.md`, content: "x" },
        { "x-engram-session-id": session },
      );
      expect(wrote.status).toBe(200);
      writers.unshift(session);
    }
    for (let i = 0; i < 450; i++) await createSessionRow(t.workspace.id, t.agent.id);
    const ids = (res: Reply) => res.body.data.map((s: { id: string }) => s.id);
    const first = await call("GET", `/sessions?wrote=true&limit=2&store_id=${storeId}`, t.adminKey);
    expect(ids(first)).toEqual(writers.slice(0, 2));
    const rest = await call("GET", `/sessions?wrote=true&limit=2&store_id=${storeId}&page=${first.body.next_page}`, t.adminKey);
    expect(ids(rest)).toEqual(writers.slice(2));
    expect(rest.body.next_page).toBeNull();
    const idle = await call("GET", "/sessions?wrote=false&limit=100", t.adminKey);
    expect(idle.body.data).toHaveLength(100);
    expect(ids(idle)).not.toContain(writers[0]);
  });
});

describe("GET /sessions/{id} and POST /sessions/{id}/end", () => {
  it("ends a session once and records session.ended once", async () => {
    const session = (await call("POST", "/sessions", tenant.agentKey, {})).body;
    const ended = await call("POST", `/sessions/${session.id}/end`, tenant.agentKey);
    expect(ended.status).toBe(200);
    expect(ended.body.ended_at).toEqual(expect.any(String));
    const again = await call("POST", `/sessions/${session.id}/end`, tenant.agentKey);
    expect(again.body.ended_at).toBe(ended.body.ended_at);
    const events = await call("GET", `/audit_events?action=session.ended&session_id=${session.id}`, tenant.adminKey);
    expect(events.body.data).toHaveLength(1);
    expect((await call("GET", `/sessions/${session.id}`, tenant.adminKey)).body.ended_at).toBe(ended.body.ended_at);
  });

  it("an ended session can no longer be named in x-engram-session-id; nothing is attributed to it", async () => {
    const storeId = await newStore("ended session");
    await tenant.grant(storeId, tenant.agent.id, "read_write");
    const session = (await call("POST", "/sessions", tenant.agentKey, {})).body;
    const headers = { "x-engram-session-id": session.id };
    const created = await call("POST", `/memory_stores/${storeId}/memories`, tenant.agentKey, { path: "/before.md", content: "x" }, headers);
    expect(created.status).toBe(200);
    await call("POST", `/sessions/${session.id}/end`, tenant.agentKey);
    const write = await call("POST", `/memory_stores/${storeId}/memories`, tenant.agentKey, { path: "/after.md", content: "y" }, headers);
    expect(write.status).toBe(409);
    expect(write.body.error).toMatchObject({ type: "conflict_error", message: expect.stringMatching(/ended at .*start a new session/) });
    const read = await call("GET", `/memory_stores/${storeId}/memories/${created.body.id}`, tenant.agentKey, undefined, headers);
    expect(read.status).toBe(409);
    const listed = await call("GET", `/memory_stores/${storeId}/memories`, tenant.adminKey);
    expect(listed.body.data.map((m: { path: string }) => m.path)).toEqual(["/before.md"]);
    const activity = await call("GET", `/sessions/${session.id}`, tenant.adminKey);
    expect(activity.body).toMatchObject({ ended_at: expect.any(String) });
    // Without the header the key works as before.
    expect((await call("POST", `/memory_stores/${storeId}/memories`, tenant.agentKey, { path: "/after.md", content: "y" })).status).toBe(200);
  });

  it("an admin key ends any session of its workspace", async () => {
    const session = (await call("POST", "/sessions", tenant.agentKey, {})).body;
    expect((await call("POST", `/sessions/${session.id}/end`, tenant.adminKey)).status).toBe(200);
  });

  it("hides other agents' and other workspaces' sessions (404)", async () => {
    const second = await tenant.newAgent();
    const theirs = (await call("POST", "/sessions", second.key, {})).body;
    expect((await call("GET", `/sessions/${theirs.id}`, tenant.agentKey)).status).toBe(404);
    expect((await call("POST", `/sessions/${theirs.id}/end`, tenant.agentKey)).status).toBe(404);
    const foreign = (await call("POST", "/sessions", other.agentKey, {})).body;
    const res = await call("GET", `/sessions/${foreign.id}`, tenant.adminKey);
    expect(res.status).toBe(404);
    expect(res.body.error.type).toBe("not_found_error");
    expect((await call("POST", `/sessions/${foreign.id}/end`, tenant.adminKey)).status).toBe(404);
    expect((await call("GET", "/sessions/sesn_missing", tenant.adminKey)).status).toBe(404);
  });

  it("console users need sessions:write to start or end sessions", async () => {
    const { createSession } = await import("@/server/sessions/create-session");
    const { getSession } = await import("@/server/sessions/get-session");
    const viewer = await tenant.user("viewer");
    await expect(createSession(viewer.ctx, { agentId: tenant.agent.id })).rejects.toMatchObject({ status: 403 });
    const admin = await tenant.user("admin");
    const created = await createSession(admin.ctx, { agentId: tenant.agent.id, title: "console" });
    expect((await getSession(viewer.ctx, created.id)).title).toBe("console");
  });
});

describe("sessions at a given time (how the demo seed backdates its sessions)", () => {
  it("start and end at the times given, with the same audit events as through the API", async () => {
    const { createSession } = await import("@/server/sessions/create-session");
    const { endSession } = await import("@/server/sessions/end-session");
    const { getDb } = await import("@/server/db/client");
    const ctx = tenant.agentContext();
    const startedAt = new Date("2026-01-05T09:00:00.000Z");
    const endedAt = new Date("2026-01-05T09:30:00.000Z");
    const given = await createSession(ctx, { title: "backdated", externalId: "run-7" }, { at: startedAt });
    expect((await endSession(ctx, given.id, { at: endedAt })).ended_at).toBe(endedAt.toISOString());
    const now = (await call("POST", "/sessions", tenant.agentKey, { title: "backdated", external_id: "run-7" })).body;
    expect(now.started_at).not.toBe(startedAt.toISOString());
    await call("POST", `/sessions/${now.id}/end`, tenant.agentKey);

    const { db } = await getDb();
    const events = async (sessionId: string) =>
      (await db.auditEvent.findMany({ where: { workspaceId: tenant.workspace.id, sessionId, targetType: "session" }, orderBy: { seq: "asc" } })).map((e) => ({
        action: e.action,
        actor: [e.actorType, e.actorId],
        data: JSON.parse(e.data),
      }));
    expect(given.started_at).toBe(startedAt.toISOString());
    expect(await events(given.id)).toEqual(await events(now.id));
    expect((await events(given.id)).map((e) => e.action)).toEqual(["session.created", "session.ended"]);
  });
});

describe("OpenAPI document", () => {
  it("declares the sessions, agents, keys, grants and audit endpoints", async () => {
    const res = await fetch(`${api.origin}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const expected: [string, string][] = [
      ["/sessions", "post"],
      ["/sessions", "get"],
      ["/sessions/{session_id}", "get"],
      ["/sessions/{session_id}/end", "post"],
      ["/agents", "post"],
      ["/agents", "get"],
      ["/agents/{agent_id}", "get"],
      ["/agents/{agent_id}", "delete"],
      ["/api_keys", "post"],
      ["/api_keys", "get"],
      ["/api_keys/{api_key_id}/revoke", "post"],
      ["/memory_stores/{memory_store_id}/grants", "get"],
      ["/memory_stores/{memory_store_id}/grants", "post"],
      ["/grants", "get"],
      ["/audit_events", "get"],
      ["/audit_events/verify", "post"],
    ];
    for (const [path, method] of expected) expect(doc.paths[`/api/v1${path}`]?.[method], `${method} ${path}`).toBeDefined();
  });
});
