import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest, type Reply } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let other: TestTenant;

type WireEvent = {
  type: string;
  id: string;
  seq: number;
  created_at: string;
  actor: { type: string; id: string };
  action: string;
  store_id: string | null;
  session_id: string | null;
  target: { type: string; id: string | null } | null;
  request_id: string | null;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
};

const call = (method: string, path: string, key?: string, body?: unknown, headers: Record<string, string> = {}) =>
  rest(api.origin, key, method, path, body, headers);

async function allEvents(key: string, query = ""): Promise<WireEvent[]> {
  const events: WireEvent[] = [];
  let page: string | null = null;
  do {
    const res: Reply = await call("GET", `/audit_events?limit=7${query}${page ? `&page=${page}` : ""}`, key);
    expect(res.status).toBe(200);
    events.push(...res.body.data);
    page = res.body.next_page;
  } while (page);
  return events;
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("audit");
  other = await createTestTenant("audit-other");
});
afterAll(() => api.close());

describe("audit events", () => {
  it("every mutation appends an event carrying its request id, and no memory content", async () => {
    const t = await createTestTenant("audit-all");
    const secret = "the-secret-memory-content-7f3a";
    const expected: [string, Reply][] = [];
    const run = async (action: string, method: string, path: string, body?: unknown, key = t.adminKey, headers: Record<string, string> = {}) => {
      const res = await call(method, path, key, body, headers);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
      expected.push([action, res]);
      return res.body;
    };
    const store = await run("store.created", "POST", "/memory_stores", { name: "audited" });
    await run("store.updated", "POST", `/memory_stores/${store.id}`, { description: "d" });
    await run("grant.set", "POST", `/memory_stores/${store.id}/grants`, { agent_id: t.agent.id, access: "read_write" });
    const session = await run("session.created", "POST", "/sessions", { title: "s" }, t.agentKey);
    const memory = await run("memory.created", "POST", `/memory_stores/${store.id}/memories`, { path: "/m.md", content: secret }, t.agentKey, {
      "x-engram-session-id": session.id,
    });
    await run("memory.modified", "POST", `/memory_stores/${store.id}/memories/${memory.id}`, { content: `${secret}!` }, t.agentKey);
    await run("memory.deleted", "DELETE", `/memory_stores/${store.id}/memories/${memory.id}`);
    const versions = (await call("GET", `/memory_stores/${store.id}/memory_versions?memory_id=${memory.id}`, t.adminKey)).body.data;
    await run("version.redacted", "POST", `/memory_stores/${store.id}/memory_versions/${versions[2].id}/redact`, { reason: "test" });
    await run("session.ended", "POST", `/sessions/${session.id}/end`, undefined, t.agentKey);
    await run("grant.removed", "POST", `/memory_stores/${store.id}/grants`, { agent_id: t.agent.id, access: null });
    const agent = await run("agent.created", "POST", "/agents", { name: "audited-agent" });
    const key = await run("api_key.created", "POST", "/api_keys", { name: "k", kind: "agent", agent_id: agent.id });
    await run("api_key.revoked", "POST", `/api_keys/${key.id}/revoke`);
    await run("agent.deleted", "DELETE", `/agents/${agent.id}`);
    await run("store.archived", "POST", `/memory_stores/${store.id}/archive`);
    await run("store.deleted", "DELETE", `/memory_stores/${store.id}`);

    const events = await allEvents(t.adminKey);
    for (const [action, res] of expected) {
      const matching = events.filter((e) => e.request_id === res.headers.get("request-id"));
      expect(
        matching.map((e) => e.action),
        action,
      ).toEqual([action]);
    }
    const created = events.find((e) => e.action === "memory.created")!;
    expect(created).toMatchObject({ store_id: store.id, session_id: session.id, actor: { type: "api_key", id: t.agentKeyId } });
    expect(JSON.stringify(events)).not.toContain(secret);
    // Reads do not write audit events.
    const before = events.length;
    await call("GET", "/memory_stores", t.adminKey);
    expect((await allEvents(t.adminKey)).length).toBe(before);
  });

  it("pages newest first by seq along an unbroken hash chain", async () => {
    for (let i = 0; i < 8; i++) await call("POST", "/memory_stores", tenant.adminKey, { name: `page-${i}` });
    const events = await allEvents(tenant.adminKey);
    expect(events.length).toBeGreaterThan(7);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => events.length - i));
    for (let i = 0; i < events.length - 1; i++) expect(events[i].prev_hash).toBe(events[i + 1].hash);
    expect(events.at(-1)!.prev_hash).toBe("0".repeat(64));
    const first = events[0];
    expect(Object.keys(first).sort()).toEqual(
      ["action", "actor", "created_at", "data", "hash", "id", "prev_hash", "request_id", "seq", "session_id", "store_id", "target", "type"].sort(),
    );
    expect(first.type).toBe("audit_event");
    expect(first.id).toMatch(/^audit_/);
  });

  it("filters by action, actor, store, session and time", async () => {
    const storeA = (await call("POST", "/memory_stores", tenant.adminKey, { name: "a" })).body;
    const storeB = (await call("POST", "/memory_stores", tenant.adminKey, { name: "b" })).body;
    await tenant.grant(storeA.id, tenant.agent.id, "read_write");
    const session = (await call("POST", "/sessions", tenant.agentKey, {})).body;
    await call("POST", `/memory_stores/${storeA.id}/memories`, tenant.agentKey, { path: "/x.md", content: "x" }, { "x-engram-session-id": session.id });

    const byAction = await allEvents(tenant.adminKey, "&action=store.created");
    expect(byAction.every((e) => e.action === "store.created")).toBe(true);
    expect(byAction.slice(0, 2).map((e) => e.target?.id)).toEqual([storeB.id, storeA.id]);

    const byActor = await allEvents(tenant.adminKey, `&actor_id=${tenant.agentKeyId}`);
    expect(byActor.map((e) => e.action)).toEqual(expect.arrayContaining(["session.created"]));
    expect(byActor.every((e) => e.actor.id === tenant.agentKeyId)).toBe(true);

    const byStore = await allEvents(tenant.adminKey, `&store_id=${storeA.id}`);
    expect(byStore.map((e) => e.action)).toEqual(["memory.created", "grant.set", "store.created"]);
    const bySession = await allEvents(tenant.adminKey, `&session_id=${session.id}`);
    expect(bySession.map((e) => e.action)).toEqual(["memory.created", "session.created"]);

    const at = bySession[1].created_at;
    const since = await allEvents(tenant.adminKey, `&created_at[gte]=${encodeURIComponent(at)}`);
    expect(since.every((e) => e.created_at >= at)).toBe(true);
    expect(since.map((e) => e.id)).toContain(bySession[0].id);
    const until = await allEvents(tenant.adminKey, `&created_at[lte]=${encodeURIComponent(new Date(Date.parse(at) - 1).toISOString())}`);
    expect(until.map((e) => e.id)).not.toContain(bySession[1].id);
    expect(until.every((e) => e.created_at < at)).toBe(true);
  });

  it("never shows another workspace's events", async () => {
    await call("POST", "/memory_stores", other.adminKey, { name: "theirs" });
    const mine = await allEvents(tenant.adminKey);
    const theirs = await allEvents(other.adminKey);
    const mineIds = new Set(mine.map((e) => e.id));
    expect(theirs.some((e) => mineIds.has(e.id))).toBe(false);
    expect(await allEvents(tenant.adminKey, `&actor_id=${other.adminKeyId}`)).toEqual([]);
  });

  it("rejects missing keys, agent keys, roles without audit:read and bad filters", async () => {
    const expectError = (res: Reply, status: number, type: string) => {
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ type: "error", error: { type } });
    };
    expectError(await call("GET", "/audit_events"), 401, "authentication_error");
    expectError(await call("POST", "/audit_events/verify"), 401, "authentication_error");
    expectError(await call("GET", "/audit_events", tenant.agentKey), 403, "permission_error");
    expectError(await call("POST", "/audit_events/verify", tenant.agentKey), 403, "permission_error");
    expectError(await call("GET", "/audit_events?action=memory.exploded", tenant.adminKey), 400, "invalid_request_error");
    expectError(await call("GET", "/audit_events?created_at[gte]=soon", tenant.adminKey), 400, "invalid_request_error");
    expectError(await call("GET", "/audit_events?page=not-a-cursor", tenant.adminKey), 400, "invalid_request_error");
    const fakeCursor = Buffer.from(JSON.stringify({ seq: "1 OR 1=1" })).toString("base64url");
    expectError(await call("GET", `/audit_events?page=${fakeCursor}`, tenant.adminKey), 400, "invalid_request_error");
    expectError(await call("GET", "/audit_events?limit=1000", tenant.adminKey), 400, "invalid_request_error");
    expectError(await call("POST", "/audit_events/verify", tenant.adminKey, { deep: true }), 400, "invalid_request_error");

    const { listAuditEvents } = await import("@/server/audit/list-audit-events");
    const viewer = await tenant.user("viewer");
    await expect(listAuditEvents(viewer.ctx, { limit: 5 })).rejects.toMatchObject({ status: 403 });
    const compliance = await tenant.user("compliance");
    expect((await listAuditEvents(compliance.ctx, { limit: 5 })).data.length).toBe(5);
  });
});

describe("POST /audit_events/verify", () => {
  it("reports a clean chain, then the exact seq of an edited row", async () => {
    const t = await createTestTenant("audit-verify");
    for (let i = 0; i < 5; i++) await call("POST", "/memory_stores", t.adminKey, { name: `s${i}` });
    const events = await allEvents(t.adminKey);
    const clean = await call("POST", "/audit_events/verify", t.adminKey);
    expect(clean.status).toBe(200);
    expect(clean.body).toEqual({ type: "audit_verification", ok: true, events: events.length, head_seq: events[0].seq, head_hash: events[0].hash });

    const target = events.find((e) => e.action === "store.created" && e.data.name === "s2")!;
    const { db } = await getDb();
    await db.auditEvent.updateMany({ where: { id: target.id }, data: { data: JSON.stringify({ ...target.data, name: "innocent" }) } });

    const broken = await call("POST", "/audit_events/verify", t.adminKey);
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ type: "audit_verification", ok: false, broken_at_seq: target.seq, event_id: target.id, events: target.seq - 1 });
    expect(broken.body.problem).toMatch(/altered/);

    // Another workspace's chain is unaffected.
    expect((await call("POST", "/audit_events/verify", tenant.adminKey)).body.ok).toBe(true);
  });

  it("reports a deleted row at its seq", async () => {
    const t = await createTestTenant("audit-delete");
    for (let i = 0; i < 3; i++) await call("POST", "/memory_stores", t.adminKey, { name: `d${i}` });
    const events = await allEvents(t.adminKey);
    const victim = events[1];
    const { db } = await getDb();
    await db.auditEvent.deleteMany({ where: { id: victim.id } });
    const res = await call("POST", "/audit_events/verify", t.adminKey);
    expect(res.body).toMatchObject({ ok: false, broken_at_seq: victim.seq });
  });
});
