// Restoring a memory to one of its versions: a new version (never a rewrite of history), the
// audit event naming the source version, deleted memories brought back, and every refusal.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let storeId: string;

const call = (path: string, init: { method?: string; key?: string; body?: unknown } = {}) =>
  rest(api.origin, init.key ?? tenant.adminKey, init.method ?? "GET", path, init.body);

const restore = (memoryId: string, body: unknown, key?: string) =>
  call(`/memory_stores/${storeId}/memories/${memoryId}/restore?view=full`, { method: "POST", body, key });

async function history(memoryId: string) {
  const { db } = await getDb();
  return db.memoryVersion.findMany({ where: { memoryId }, orderBy: { id: "asc" } });
}

/** A memory with three versions: "one", "two", "three". */
async function threeVersions(path: string) {
  const sdk = api.sdk(tenant.adminKey);
  const created = await sdk.beta.memoryStores.memories.create(storeId, { path, content: "one" });
  const v2 = await sdk.beta.memoryStores.memories.update(created.id, { memory_store_id: storeId, content: "two" });
  const v3 = await sdk.beta.memoryStores.memories.update(created.id, { memory_store_id: storeId, content: "three" });
  return { id: created.id, v1: created.memory_version_id, v2: v2.memory_version_id, v3: v3.memory_version_id };
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("restore");
  storeId = (await api.sdk(tenant.adminKey).beta.memoryStores.create({ name: "restore" })).id;
});
afterAll(() => api.close());

describe("POST /memory_stores/{id}/memories/{memory_id}/restore", () => {
  it("writes a new version with the old content, cause restore, and a memory.restored audit event", async () => {
    const m = await threeVersions("/restore/a.md");
    const res = await restore(m.id, { version_id: m.v1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: "memory", id: m.id, path: "/restore/a.md", content: "one" });
    expect(res.body.memory_version_id).not.toBe(m.v3);

    const versions = await history(m.id);
    expect(versions.map((v) => v.content)).toEqual(["one", "two", "three", "one"]);
    const written = versions[3];
    expect(written).toMatchObject({ operation: "modified", cause: "restore", restoredFromId: m.v1, apiKeyId: tenant.adminKeyId });

    const wire = await api.sdk(tenant.adminKey).beta.memoryStores.memoryVersions.retrieve(written.id, { memory_store_id: storeId });
    expect((wire as any).engram).toMatchObject({ cause: "restore", restored_from_version_id: m.v1 });

    const { db } = await getDb();
    const events = await db.auditEvent.findMany({ where: { workspaceId: tenant.workspace.id, action: "memory.restored", targetId: m.id } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].data)).toMatchObject({ memory_version_id: written.id, restored_from_version_id: m.v1, cause: "restore" });
    expect(events[0].data).not.toContain('"one"');
  });

  it("writes nothing when the memory already has that content and path", async () => {
    const m = await threeVersions("/restore/same.md");
    const res = await restore(m.id, { version_id: m.v3 });
    expect(res.status).toBe(200);
    expect(res.body.memory_version_id).toBe(m.v3);
    expect(await history(m.id)).toHaveLength(3);
  });

  it("honours a content_sha256 precondition", async () => {
    const m = await threeVersions("/restore/pre.md");
    const stale = await restore(m.id, { version_id: m.v1, precondition: { type: "content_sha256", content_sha256: "0".repeat(64) } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.type).toBe("memory_precondition_failed_error");
    const head = await api.sdk(tenant.adminKey).beta.memoryStores.memories.retrieve(m.id, { memory_store_id: storeId });
    const ok = await restore(m.id, { version_id: m.v1, precondition: { type: "content_sha256", content_sha256: head.content_sha256 } });
    expect(ok.status).toBe(200);
    expect(ok.body.content).toBe("one");
  });

  it("restores the version's path too (undoing a rename)", async () => {
    const sdk = api.sdk(tenant.adminKey);
    const created = await sdk.beta.memoryStores.memories.create(storeId, { path: "/restore/old-name.md", content: "x" });
    await sdk.beta.memoryStores.memories.update(created.id, { memory_store_id: storeId, path: "/restore/new-name.md" });
    const res = await restore(created.id, { version_id: created.memory_version_id });
    expect(res.status).toBe(200);
    expect(res.body.path).toBe("/restore/old-name.md");
  });

  it("brings a deleted memory back at the version's path (operation created)", async () => {
    const m = await threeVersions("/restore/deleted.md");
    await api.sdk(tenant.adminKey).beta.memoryStores.memories.delete(m.id, { memory_store_id: storeId });
    const res = await restore(m.id, { version_id: m.v2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: m.id, path: "/restore/deleted.md", content: "two" });
    const last = (await history(m.id)).at(-1)!;
    expect(last).toMatchObject({ operation: "created", cause: "restore", restoredFromId: m.v2 });
    const live = await api.sdk(tenant.adminKey).beta.memoryStores.memories.retrieve(m.id, { memory_store_id: storeId });
    expect(live.content).toBe("two");
  });

  it("answers 409 path conflict when a deleted memory's path is taken meanwhile", async () => {
    const sdk = api.sdk(tenant.adminKey);
    const m = await threeVersions("/restore/taken.md");
    await sdk.beta.memoryStores.memories.delete(m.id, { memory_store_id: storeId });
    await sdk.beta.memoryStores.memories.create(storeId, { path: "/restore/taken.md", content: "newcomer" });
    const res = await restore(m.id, { version_id: m.v1 });
    expect(res.status).toBe(409);
    expect(res.body.error.type).toBe("memory_path_conflict_error");
    expect(await history(m.id)).toHaveLength(4);
  });

  it("refuses redacted and deletion versions with a clear 400", async () => {
    const sdk = api.sdk(tenant.adminKey);
    const m = await threeVersions("/restore/redacted.md");
    const redact = await call(`/memory_stores/${storeId}/memory_versions/${m.v1}/redact`, { method: "POST", body: { reason: "test" } });
    expect(redact.status).toBe(200);
    const redacted = await restore(m.id, { version_id: m.v1 });
    expect(redacted.status).toBe(400);
    expect(redacted.body.error.message).toMatch(/redacted/);

    await sdk.beta.memoryStores.memories.delete(m.id, { memory_store_id: storeId });
    const deletion = (await history(m.id)).at(-1)!;
    const res = await restore(m.id, { version_id: deletion.id });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/deletion/);
  });

  it("400 for a malformed or foreign version id, 404 for an unknown one", async () => {
    const a = await threeVersions("/restore/ids-a.md");
    const b = await threeVersions("/restore/ids-b.md");
    const malformed = await restore(a.id, { version_id: "nope" });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    const foreign = await restore(a.id, { version_id: b.v1 });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toMatch(/not a version of memory/);
    const unknown = await restore(a.id, { version_id: "memver_" + "0".repeat(26) });
    expect(unknown.status).toBe(404);
    expect((await restore(a.id, {})).status).toBe(400);
  });

  it("404 from another workspace, 403 for a read-only key", async () => {
    const m = await threeVersions("/restore/authz.md");
    const other = await createTestTenant("restore-other");
    const foreign = await restore(m.id, { version_id: m.v1 }, other.adminKey);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.type).toBe("not_found_error");

    await tenant.grant(storeId, tenant.agent.id, "read_only");
    const readOnly = await restore(m.id, { version_id: m.v1 }, tenant.agentKey);
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error.type).toBe("permission_error");
    expect(await history(m.id)).toHaveLength(3);
  });
});
