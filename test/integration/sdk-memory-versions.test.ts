// Conformance of client.beta.memoryStores.memoryVersions against a running Engram.
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { getDb } from "@/server/db/client";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { expectApiError } from "./helpers/api-errors";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

type Version = Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryVersion;

let api: RunningApi;
let tenant: TestTenant;
let admin: Anthropic;
let storeId: string;
let sessionId: string;
const written: { memoryId: string; versionId: string; op: string }[] = [];

async function listAll(params: Anthropic.Beta.MemoryStores.MemoryVersionListParams = {}): Promise<Version[]> {
  const out: Version[] = [];
  for await (const v of admin.beta.memoryStores.memoryVersions.list(storeId, { limit: 3, ...params })) out.push(v);
  return out;
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("sdk-versions");
  admin = api.sdk(tenant.adminKey);
  storeId = (await admin.beta.memoryStores.create({ name: "versions" })).id;
  await tenant.grant(storeId, tenant.agent.id, "read_write");
  const { db } = await getDb();
  sessionId = newId("session");
  await db.session.create({
    data: { id: sessionId, workspaceId: tenant.workspace.id, agentId: tenant.agent.id, apiKeyId: tenant.agentKeyId, title: "test run" },
  });

  const adminMem = admin.beta.memoryStores.memories;
  const agentMem = api.sdk(tenant.agentKey).beta.memoryStores.memories;
  const sessionMem = api.sdk(tenant.agentKey, { "x-engram-session-id": sessionId }).beta.memoryStores.memories;
  const a = await adminMem.create(storeId, { path: "/a.md", content: "a1" });
  written.push({ memoryId: a.id, versionId: a.memory_version_id, op: "created" });
  const a2 = await agentMem.update(a.id, { memory_store_id: storeId, content: "a2" });
  written.push({ memoryId: a.id, versionId: a2.memory_version_id, op: "modified" });
  const b = await sessionMem.create(storeId, { path: "/b.md", content: "b1" });
  written.push({ memoryId: b.id, versionId: b.memory_version_id, op: "created" });
  const b2 = await sessionMem.update(b.id, { memory_store_id: storeId, content: "b2" });
  written.push({ memoryId: b.id, versionId: b2.memory_version_id, op: "modified" });
  const a3 = await adminMem.update(a.id, { memory_store_id: storeId, content: "a3" });
  written.push({ memoryId: a.id, versionId: a3.memory_version_id, op: "modified" });
  await agentMem.delete(b.id, { memory_store_id: storeId });
  const deleted = (await admin.beta.memoryStores.memoryVersions.list(storeId, { limit: 1 })).data[0];
  written.push({ memoryId: b.id, versionId: deleted.id, op: "deleted" });
});
afterAll(() => api.close());

describe("memoryVersions.list", () => {
  it("lists every version newest first, paging through the SDK", async () => {
    const all = await listAll();
    expect(all.map((v) => v.id)).toEqual(written.map((w) => w.versionId).reverse());
    expect(all.map((v) => v.operation)).toEqual(written.map((w) => w.op).reverse());
    for (const v of all) {
      expect(v).toMatchObject({ type: "memory_version", memory_store_id: storeId, content: null, redacted_at: null, redacted_by: null });
    }
  });

  it("records the author: api_actor for keys, session_actor inside a session", async () => {
    const all = await listAll({ limit: 100 });
    const byId = new Map(all.map((v) => [v.id, v]));
    expect(byId.get(written[0].versionId)!.created_by).toEqual({ type: "api_actor", api_key_id: tenant.adminKeyId });
    expect(byId.get(written[1].versionId)!.created_by).toEqual({ type: "api_actor", api_key_id: tenant.agentKeyId });
    expect(byId.get(written[2].versionId)!.created_by).toEqual({ type: "session_actor", session_id: sessionId });
  });

  it("filters by memory_id, operation, session_id, api_key_id and created_at", async () => {
    const aId = written[0].memoryId;
    const bId = written[2].memoryId;
    expect((await listAll({ memory_id: aId })).map((v) => v.id)).toEqual([written[4], written[1], written[0]].map((w) => w.versionId));
    expect((await listAll({ memory_id: bId })).map((v) => v.operation)).toEqual(["deleted", "modified", "created"]);
    expect((await listAll({ operation: "created" })).map((v) => v.id)).toEqual([written[2], written[0]].map((w) => w.versionId));
    expect((await listAll({ operation: "deleted" })).map((v) => v.memory_id)).toEqual([bId]);
    expect((await listAll({ session_id: sessionId })).map((v) => v.id)).toEqual([written[3], written[2]].map((w) => w.versionId));
    expect((await listAll({ api_key_id: tenant.adminKeyId })).map((v) => v.id)).toEqual([written[4], written[0]].map((w) => w.versionId));
    expect((await listAll({ memory_id: aId, operation: "modified", api_key_id: tenant.agentKeyId })).map((v) => v.id)).toEqual([written[1].versionId]);
    expect(await listAll({ service_account_id: "svac_none" })).toEqual([]);
    expect(await listAll({ memory_id: "mem_nope" })).toEqual([]);

    const all = await listAll({ limit: 100 });
    const pivot = all[3].created_at;
    const gte = await listAll({ "created_at[gte]": pivot });
    const lte = await listAll({ "created_at[lte]": pivot });
    expect(gte.map((v) => v.id)).toEqual(all.filter((v) => v.created_at >= pivot).map((v) => v.id));
    expect(lte.map((v) => v.id)).toEqual(all.filter((v) => v.created_at <= pivot).map((v) => v.id));
    expect(gte.length + lte.length).toBeGreaterThanOrEqual(all.length + 1);
    expect(await listAll({ "created_at[gte]": "2999-01-01T00:00:00Z" })).toEqual([]);
  });

  it("view=full includes content and caps pages at 20", async () => {
    const full = await admin.beta.memoryStores.memoryVersions.list(storeId, { view: "full", memory_id: written[0].memoryId });
    expect(full.data.map((v) => v.content)).toEqual(["a3", "a2", "a1"]);
    const many = await admin.beta.memoryStores.create({ name: "many versions" });
    const m = await admin.beta.memoryStores.memories.create(many.id, { path: "/n.md", content: "0" });
    for (let i = 1; i < 22; i++) await admin.beta.memoryStores.memories.update(m.id, { memory_store_id: many.id, content: String(i) });
    const page = await admin.beta.memoryStores.memoryVersions.list(many.id, { view: "full", limit: 100 });
    expect(page.data).toHaveLength(20);
    expect(page.next_page).toEqual(expect.any(String));
    expect((await admin.beta.memoryStores.memoryVersions.list(many.id, { limit: 100 })).data).toHaveLength(22);
  });

  it("refuses an unknown operation and a store of another workspace", async () => {
    await expectApiError(admin.beta.memoryStores.memoryVersions.list(storeId, { operation: "renamed" as "created" }), 400, "invalid_request_error");
    const other = await createTestTenant("sdk-versions-other");
    await expectApiError(api.sdk(other.adminKey).beta.memoryStores.memoryVersions.list(storeId), 404, "not_found_error");
  });
});

describe("memoryVersions.retrieve", () => {
  it("returns one version with content by default and without it with view=basic", async () => {
    const v = await admin.beta.memoryStores.memoryVersions.retrieve(written[1].versionId, { memory_store_id: storeId });
    expect(v).toMatchObject({
      type: "memory_version",
      id: written[1].versionId,
      memory_id: written[1].memoryId,
      memory_store_id: storeId,
      operation: "modified",
      path: "/a.md",
      content: "a2",
      content_size_bytes: 2,
      content_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      created_by: { type: "api_actor", api_key_id: tenant.agentKeyId },
      redacted_at: null,
      redacted_by: null,
    });
    const basic = await admin.beta.memoryStores.memoryVersions.retrieve(written[1].versionId, { memory_store_id: storeId, view: "basic" });
    expect(basic).toEqual({ ...v, content: null });
    const del = await admin.beta.memoryStores.memoryVersions.retrieve(written[5].versionId, { memory_store_id: storeId });
    expect(del).toMatchObject({ operation: "deleted", content: null, content_sha256: null, content_size_bytes: null, path: "/b.md" });
  });

  it("404 for an unknown version or one of another store", async () => {
    const otherStore = (await admin.beta.memoryStores.create({ name: "other" })).id;
    await expectApiError(admin.beta.memoryStores.memoryVersions.retrieve("memver_nope", { memory_store_id: storeId }), 404, "not_found_error");
    await expectApiError(admin.beta.memoryStores.memoryVersions.retrieve(written[0].versionId, { memory_store_id: otherStore }), 404, "not_found_error");
  });
});

describe("memoryVersions.redact", () => {
  it("clears content, hash, size and path and records who redacted", async () => {
    const target = written[0].versionId;
    const redacted = await admin.beta.memoryStores.memoryVersions.redact(target, { memory_store_id: storeId });
    expect(redacted).toMatchObject({
      id: target,
      operation: "created",
      content: null,
      content_sha256: null,
      content_size_bytes: null,
      path: null,
      redacted_at: expect.any(String),
      redacted_by: { type: "api_actor", api_key_id: tenant.adminKeyId },
      created_by: { type: "api_actor", api_key_id: tenant.adminKeyId },
    });
    const read = await admin.beta.memoryStores.memoryVersions.retrieve(target, { memory_store_id: storeId, view: "full" });
    expect(read).toMatchObject({ content: null, content_sha256: null, content_size_bytes: null, path: null, redacted_at: redacted.redacted_at });
    const listed = (await admin.beta.memoryStores.memoryVersions.list(storeId, { view: "full", memory_id: written[0].memoryId })).data;
    expect(listed.find((v) => v.id === target)).toMatchObject({ content: null, path: null });
    // Redacting again is harmless and keeps the first redaction's time.
    const again = await admin.beta.memoryStores.memoryVersions.redact(target, { memory_store_id: storeId });
    expect(again.redacted_at).toBe(redacted.redacted_at);
    // The memory itself still reads.
    expect((await admin.beta.memoryStores.memories.retrieve(written[0].memoryId, { memory_store_id: storeId })).content).toBe("a3");
  });

  it("the head version of a live memory cannot be redacted: 400 saying to write a new version first", async () => {
    const head = written[4].versionId;
    const error = await expectApiError(admin.beta.memoryStores.memoryVersions.redact(head, { memory_store_id: storeId }), 400, "invalid_request_error");
    expect(error.message).toMatch(/current version/);
    expect(error.message).toMatch(/write a new version/);
    expect((await admin.beta.memoryStores.memoryVersions.retrieve(head, { memory_store_id: storeId })).content).toBe("a3");
  });

  it("versions of a deleted memory, including its last content, can be redacted", async () => {
    const lastContent = written[3].versionId;
    const r = await admin.beta.memoryStores.memoryVersions.redact(lastContent, { memory_store_id: storeId });
    expect(r).toMatchObject({ content_sha256: null, path: null, redacted_at: expect.any(String) });
  });

  it("agent keys cannot redact (403); unknown versions are 404", async () => {
    await expectApiError(
      api.sdk(tenant.agentKey).beta.memoryStores.memoryVersions.redact(written[1].versionId, { memory_store_id: storeId }),
      403,
      "permission_error",
    );
    await expectApiError(admin.beta.memoryStores.memoryVersions.redact("memver_nope", { memory_store_id: storeId }), 404, "not_found_error");
  });

  it("leaves the audit chain intact", async () => {
    expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: true });
  });
});
