// Rolling back a whole session: each change reverted by a new version, later changes by others
// reported and left alone, dry runs that write nothing, and a second rollback that is a no-op.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { getDb } from "@/server/db/client";
import { type ApiError } from "@/server/http/api-error";
import { rollbackSession } from "@/server/memory/rollback-session";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;

const call = (path: string, init: { method?: string; key?: string; body?: unknown } = {}) =>
  rest(api.origin, init.key ?? tenant.adminKey, init.method ?? "GET", path, init.body);

const rollback = (sessionId: string, body?: unknown, key?: string) => call(`/sessions/${sessionId}/rollback`, { method: "POST", body, key });

async function newSession(agentId = tenant.agent.id) {
  const { db } = await getDb();
  return db.session.create({ data: { id: newId("session"), workspaceId: tenant.workspace.id, agentId, title: "test run" } });
}

async function counts() {
  const { db } = await getDb();
  const where = { workspaceId: tenant.workspace.id };
  return { versions: await db.memoryVersion.count({ where }), audit: await db.auditEvent.count({ where }) };
}

/** Every live memory of a store: path → content. */
async function snapshot(storeId: string) {
  const out: Record<string, string> = {};
  for await (const item of api.sdk(tenant.adminKey).beta.memoryStores.memories.list(storeId, { view: "full" })) {
    if (item.type === "memory") out[item.path] = item.content ?? "";
  }
  return out;
}

async function storeWithGrant(name: string) {
  const store = await api.sdk(tenant.adminKey).beta.memoryStores.create({ name });
  await tenant.grant(store.id, tenant.agent.id, "read_write");
  return store.id;
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("rollback");
});
afterAll(() => api.close());

describe("POST /sessions/{session_id}/rollback", () => {
  it("reverts creates, edits, deletes and renames; dry run first; second run changes nothing", async () => {
    const storeId = await storeWithGrant("rollback-main");
    const admin = api.sdk(tenant.adminKey).beta.memoryStores.memories;
    await admin.create(storeId, { path: "/keep.md", content: "untouched" });
    const edit = await admin.create(storeId, { path: "/edit.md", content: "original\n" });
    const del = await admin.create(storeId, { path: "/del.md", content: "will be deleted" });
    const ren = await admin.create(storeId, { path: "/old-name.md", content: "renamed" });
    const before = await snapshot(storeId);

    const session = await newSession();
    const agent = api.sdk(tenant.agentKey, { "x-engram-session-id": session.id }).beta.memoryStores.memories;
    const created = await agent.create(storeId, { path: "/new.md", content: "wrong lesson" });
    await agent.update(edit.id, { memory_store_id: storeId, content: "bad edit 1\n" });
    await agent.update(edit.id, { memory_store_id: storeId, content: "bad edit 2\n" });
    await agent.delete(del.id, { memory_store_id: storeId });
    await agent.update(ren.id, { memory_store_id: storeId, path: "/new-name.md" });
    // The renamed-away path is reused by the session: reverting needs the new file gone first.
    const reuse = await agent.create(storeId, { path: "/old-name.md", content: "squatter" });
    const during = await snapshot(storeId);

    const untouched = await counts();
    const dry = await rollback(session.id, { dry_run: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ type: "session_rollback", session_id: session.id, dry_run: true, conflicts: [], unchanged: [], skipped: [] });
    expect(dry.body.reverted).toHaveLength(5);
    expect(dry.body.reverted.every((r: any) => r.version_id === null)).toBe(true);
    expect(await counts()).toEqual(untouched);
    expect(await snapshot(storeId)).toEqual(during);

    const real = await rollback(session.id);
    expect(real.status).toBe(200);
    expect(real.body.dry_run).toBe(false);
    const byId = Object.fromEntries(real.body.reverted.map((r: any) => [r.memory_id, r]));
    expect(byId[created.id]).toMatchObject({ action: "deleted", path: "/new.md", restored_from_version_id: null });
    expect(byId[edit.id]).toMatchObject({ action: "restored", path: "/edit.md", restored_from_version_id: edit.memory_version_id });
    expect(byId[del.id]).toMatchObject({ action: "recreated", path: "/del.md", restored_from_version_id: del.memory_version_id });
    expect(byId[ren.id]).toMatchObject({ action: "restored", path: "/old-name.md" });
    expect(byId[reuse.id]).toMatchObject({ action: "deleted" });
    expect(real.body.reverted.map((r: any) => r.action).sort()).toEqual(["deleted", "deleted", "recreated", "restored", "restored"]);
    expect(await snapshot(storeId)).toEqual(before);

    const { db } = await getDb();
    const written = await db.memoryVersion.findMany({ where: { id: { in: real.body.reverted.map((r: any) => r.version_id) } } });
    expect(written).toHaveLength(5);
    expect(written.every((v) => v.cause === "rollback" && v.apiKeyId === tenant.adminKeyId && v.sessionId === null)).toBe(true);
    expect(written.find((v) => v.memoryId === edit.id)?.restoredFromId).toBe(edit.memory_version_id);

    const sessionEvents = await db.auditEvent.findMany({ where: { workspaceId: tenant.workspace.id, action: "session.rolled_back", targetId: session.id } });
    expect(sessionEvents).toHaveLength(1);
    expect(JSON.parse(sessionEvents[0].data)).toMatchObject({ reverted: 5, conflicts: 0, unchanged: 0 });
    const memoryEvents = await db.auditEvent.findMany({
      where: { workspaceId: tenant.workspace.id, requestId: sessionEvents[0].requestId, targetType: "memory" },
    });
    expect(memoryEvents).toHaveLength(5);
    for (const event of memoryEvents) expect(JSON.parse(event.data)).toMatchObject({ cause: "rollback", rolled_back_session_id: session.id });
    expect(memoryEvents.map((e) => e.action).sort()).toEqual(["memory.deleted", "memory.deleted", "memory.restored", "memory.restored", "memory.restored"]);
    expect((await verifyAuditChain(tenant.workspace.id)).ok).toBe(true);

    const afterFirst = await counts();
    const again = await rollback(session.id);
    expect(again.status).toBe(200);
    expect(again.body.reverted).toEqual([]);
    expect(again.body.conflicts).toEqual([]);
    expect(again.body.unchanged).toHaveLength(5);
    expect(await counts()).toEqual(afterFirst);
    expect(await snapshot(storeId)).toEqual(before);
  });

  it("never overwrites a later change by another actor: reports it as a conflict and reverts the rest", async () => {
    const storeId = await storeWithGrant("rollback-conflict");
    const admin = api.sdk(tenant.adminKey).beta.memoryStores.memories;
    const shared = await admin.create(storeId, { path: "/shared.md", content: "base" });
    const session = await newSession();
    const agent = api.sdk(tenant.agentKey, { "x-engram-session-id": session.id }).beta.memoryStores.memories;
    await agent.update(shared.id, { memory_store_id: storeId, content: "session's version" });
    const own = await agent.create(storeId, { path: "/own.md", content: "session only" });
    const later = await admin.update(shared.id, { memory_store_id: storeId, content: "a human fixed it" });

    const dry = await rollback(session.id, { dry_run: true });
    expect(dry.body.conflicts).toHaveLength(1);
    const res = await rollback(session.id);
    expect(res.status).toBe(200);
    expect(res.body.conflicts).toEqual([
      expect.objectContaining({
        memory_id: shared.id,
        path: "/shared.md",
        reason: "changed_later",
        version_id: later.memory_version_id,
        created_by: { type: "api_actor", api_key_id: tenant.adminKeyId },
      }),
    ]);
    expect(res.body.reverted).toEqual([expect.objectContaining({ memory_id: own.id, action: "deleted" })]);
    expect(await snapshot(storeId)).toEqual({ "/shared.md": "a human fixed it" });

    const again = await rollback(session.id);
    expect(again.body.reverted).toEqual([]);
    expect(again.body.conflicts).toHaveLength(1);
    expect(await snapshot(storeId)).toEqual({ "/shared.md": "a human fixed it" });
  });

  it("treats another actor's change between the session's writes as a conflict too", async () => {
    const storeId = await storeWithGrant("rollback-interleaved");
    const admin = api.sdk(tenant.adminKey).beta.memoryStores.memories;
    const m = await admin.create(storeId, { path: "/m.md", content: "base" });
    const session = await newSession();
    const agent = api.sdk(tenant.agentKey, { "x-engram-session-id": session.id }).beta.memoryStores.memories;
    await agent.update(m.id, { memory_store_id: storeId, content: "s1" });
    await admin.update(m.id, { memory_store_id: storeId, content: "human" });
    await agent.update(m.id, { memory_store_id: storeId, content: "s2" });
    const res = await rollback(session.id);
    expect(res.body.conflicts).toEqual([expect.objectContaining({ memory_id: m.id, reason: "changed_later" })]);
    expect(await snapshot(storeId)).toEqual({ "/m.md": "s2" });
  });

  it("skips stores the caller may only read, and refuses roles without memory:write", async () => {
    const storeId = await storeWithGrant("rollback-readonly");
    const session = await newSession();
    const agent = api.sdk(tenant.agentKey, { "x-engram-session-id": session.id }).beta.memoryStores.memories;
    await agent.create(storeId, { path: "/x.md", content: "x" });
    await tenant.grant(storeId, tenant.agent.id, "read_only");
    const before = await counts();
    const res = await rollback(session.id, {}, tenant.agentKey);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reverted: [], skipped: [{ memory_store_id: storeId, reason: "read_only" }] });
    expect(await counts()).toEqual(before);

    const viewer = await tenant.user("viewer");
    await expect(rollbackSession(viewer.ctx, session.id)).rejects.toMatchObject({ status: 403, type: "permission_error" } satisfies Partial<ApiError>);
  });

  it("404 for an unknown session or another workspace's, 400 for a bad body", async () => {
    const session = await newSession();
    expect((await rollback("sesn_" + "0".repeat(26))).status).toBe(404);
    const other = await createTestTenant("rollback-other");
    const foreign = await rollback(session.id, {}, other.adminKey);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ type: "error", error: { type: "not_found_error" } });
    const bad = await rollback(session.id, { dry_run: "yes" });
    expect(bad.status).toBe(400);
    const stranger = await tenant.newAgent();
    expect((await rollback(session.id, {}, stranger.key)).status).toBe(404);
  });
});
