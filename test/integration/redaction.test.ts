import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { getDb } from "@/server/db/client";
import { hmacHex } from "@/server/crypto";
import { canonicalize } from "@/lib/canonical-json";
import { searchHistory } from "@/server/redaction/search-history";
import { redactText } from "@/server/redaction/redact-text";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
const SECRET = `sk-live-${newId("request").slice(4)}Zq`;

const call = (key: string, method: string, path: string, body?: unknown) => rest(api.origin, key, method, path, body);

let storeId: string;
let otherStoreId: string;
let leaky: { id: string };
let headLeak: { id: string };

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("redaction");
  const client = api.sdk(tenant.adminKey);
  storeId = (await client.beta.memoryStores.create({ name: "redaction" })).id;
  otherStoreId = (await client.beta.memoryStores.create({ name: "redaction other" })).id;
  const mem = client.beta.memoryStores.memories;
  // History only: v1 and v2 hold the secret, the head does not.
  leaky = await mem.create(storeId, { path: "/notes/setup.md", content: `Use key ${SECRET} for billing.\nline two` });
  await mem.update(leaky.id, { memory_store_id: storeId, content: `Use key ${SECRET} for billing.\nkey again ${SECRET}` });
  await mem.update(leaky.id, { memory_store_id: storeId, content: "Use the key from the vault." });
  // Live head holds it.
  headLeak = await mem.create(storeId, { path: "/notes/current.md", content: `current: ${SECRET}` });
  // A deleted memory whose history holds it.
  const gone = await mem.create(storeId, { path: "/old.md", content: `old ${SECRET}` });
  await mem.delete(gone.id, { memory_store_id: storeId });
  // Another store.
  await mem.create(otherStoreId, { path: "/x.md", content: `elsewhere ${SECRET}` });
  await mem.create(storeId, { path: "/clean.md", content: "nothing to see" });
});
afterAll(() => api.close());

describe("redaction search", () => {
  it("finds current files and past versions across stores with masked excerpts", async () => {
    const res = await call(tenant.adminKey, "POST", "/redaction/search", { query: SECRET, limit: 100 });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain(SECRET.slice(0, 12));
    const rows = res.body.data as { version_id: string; store_id: string; is_head: boolean; match_count: number; excerpt: string; path: string }[];
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.store_id))).toEqual(new Set([storeId, otherStoreId]));
    expect(
      rows
        .filter((r) => r.is_head)
        .map((r) => r.path)
        .sort(),
    ).toEqual(["/notes/current.md", "/x.md"]);
    expect(rows.find((r) => r.match_count === 2)?.excerpt).toMatch(/sk-l…\[masked\].*sk-l…\[masked\]/s);
  });

  it("pages, scopes to one store, and can skip history", async () => {
    const first = await call(tenant.adminKey, "POST", "/redaction/search", { query: SECRET, store_id: storeId, limit: 2 });
    expect(first.body.data).toHaveLength(2);
    const second = await call(tenant.adminKey, "POST", "/redaction/search", { query: SECRET, store_id: storeId, limit: 10, page: first.body.next_page });
    expect(second.body.data).toHaveLength(2);
    expect(second.body.next_page).toBeNull();
    const heads = await call(tenant.adminKey, "POST", "/redaction/search", { query: SECRET, store_id: storeId, include_history: false });
    expect(heads.body.data.map((r: { memory_id: string }) => r.memory_id)).toEqual([headLeak.id]);
  });

  it("searches by regular expression and refuses dangerous ones", async () => {
    const res = await call(tenant.adminKey, "POST", "/redaction/search", { query: "sk-live-[A-Za-z0-9_]+", regex: true, limit: 100 });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(5);
    expect(res.text).not.toContain(SECRET);
    for (const query of ["(a)\\1", "(?=a)", "x*", "[unclosed"]) {
      const bad = await call(tenant.adminKey, "POST", "/redaction/search", { query, regex: true });
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.type).toBe("invalid_request_error");
    }
    const long = await call(tenant.adminKey, "POST", "/redaction/search", { query: "a".repeat(300), regex: true });
    expect(long.status).toBe(400);
  });

  it("runs patterns that backtrack exponentially elsewhere in linear time", async () => {
    const client = api.sdk(tenant.adminKey);
    const s = await client.beta.memoryStores.create({ name: "redos" });
    await client.beta.memoryStores.memories.create(s.id, { path: "/a.md", content: "a".repeat(40) });
    for (const query of ["(a|a)*b", "(a+)+$", "(\\w*)*x"]) {
      const started = Date.now();
      const res = await call(tenant.adminKey, "POST", "/redaction/search", { query, regex: true, store_id: s.id });
      expect(res.status, query).toBe(200);
      expect(res.body.data.length, query).toBe(query === "(a+)+$" ? 1 : 0);
      expect(Date.now() - started).toBeLessThan(1_000);
    }
  });

  it("refuses agent keys, viewers and developers, and hides other workspaces' stores", async () => {
    const agent = await call(tenant.agentKey, "POST", "/redaction/search", { query: SECRET });
    expect(agent.status).toBe(403);
    for (const role of ["viewer", "developer"] as const) {
      const { ctx } = await tenant.user(role);
      await expect(searchHistory(ctx, { query: SECRET, limit: 10 })).rejects.toMatchObject({ status: 403 });
    }
    const { ctx: compliance } = await tenant.user("compliance");
    expect((await searchHistory(compliance, { query: SECRET, limit: 100 })).data).toHaveLength(5);
    const other = await createTestTenant("redaction-other");
    const res = await call(other.adminKey, "POST", "/redaction/search", { query: SECRET, store_id: storeId });
    expect(res.status).toBe(404);
    expect((await call(other.adminKey, "POST", "/redaction/search", { query: SECRET })).body.data).toHaveLength(0);
  });
});

describe("redaction", () => {
  it("requires a reason and validates the body", async () => {
    expect((await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "text", query: SECRET, dry_run: true })).status).toBe(400);
    expect((await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "text", query: SECRET, reason: "  " })).status).toBe(400);
    expect((await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "nope", reason: "x" })).status).toBe(400);
    const agent = await call(tenant.agentKey, "POST", "/redaction/redact", { mode: "text", query: SECRET, reason: "x", dry_run: true });
    expect(agent.status).toBe(403);
    const { ctx } = await tenant.user("viewer");
    await expect(redactText(ctx, { query: SECRET, reason: "x", dryRun: true })).rejects.toMatchObject({ status: 403 });
  });

  it("dry-runs a text redaction without changing anything", async () => {
    const { db } = await getDb();
    const before = await db.memoryVersion.count({ where: { storeId } });
    const res = await call(tenant.adminKey, "POST", "/redaction/redact", {
      mode: "text",
      query: SECRET,
      store_id: storeId,
      reason: "leaked key",
      dry_run: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.dry_run).toBe(true);
    expect(res.body.versions).toHaveLength(4);
    expect(res.body.live_heads.map((h: { memory_id: string }) => h.memory_id)).toEqual([headLeak.id]);
    expect(res.text).not.toContain(SECRET);
    expect(await db.memoryVersion.count({ where: { storeId } })).toBe(before);
    expect((await call(tenant.adminKey, "POST", "/redaction/search", { query: SECRET, store_id: storeId })).body.data).toHaveLength(4);
  });

  it("redacts the text everywhere in a store, writing a clean head first, and records it without the text", async () => {
    const res = await call(tenant.adminKey, "POST", "/redaction/redact", {
      mode: "text",
      query: SECRET,
      store_id: storeId,
      reason: "leaked key",
      dry_run: false,
    });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(SECRET);
    expect(res.body.versions).toHaveLength(4);
    expect(res.body.clean_versions).toHaveLength(1);

    const client = api.sdk(tenant.adminKey);
    const head = await client.beta.memoryStores.memories.retrieve(headLeak.id, { memory_store_id: storeId });
    expect(head.content).toBe("current: [REDACTED]");
    expect(head.memory_version_id).toBe(res.body.clean_versions[0].version_id);
    const versions = await call(tenant.adminKey, "GET", `/memory_stores/${storeId}/memory_versions?view=full&limit=20`);
    expect(versions.text).not.toContain(SECRET);
    const v2 = versions.body.data.find((v: { memory_id: string; content: string }) => v.memory_id === leaky.id && v.content?.includes("key again"));
    expect(v2.content).toBe("Use key [REDACTED] for billing.\nkey again [REDACTED]");
    expect(v2.redacted_at).toBeNull();
    const clean = versions.body.data.find((v: { id: string }) => v.id === res.body.clean_versions[0].version_id);
    expect(clean.engram.cause).toBe("redaction");
    const list = await call(tenant.adminKey, "GET", `/memory_stores/${storeId}/memories?view=full`);
    expect(list.text).not.toContain(SECRET);
    expect((await call(tenant.adminKey, "POST", "/redaction/search", { query: SECRET, store_id: storeId })).body.data).toHaveLength(0);
    // The other store was out of scope.
    expect((await call(tenant.adminKey, "POST", "/redaction/search", { query: SECRET })).body.data).toHaveLength(1);

    const { db } = await getDb();
    const record = await db.redaction.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(record).toMatchObject({ mode: "text", reason: "leaked key", storeId });
    expect(JSON.parse(record.versionIds)).toHaveLength(4);
    expect(record.digest).toBe(hmacHex(tenant.workspace.hmacKey, canonicalize([SECRET])));
    const audits = await db.auditEvent.findMany({ where: { workspaceId: tenant.workspace.id } });
    expect(JSON.stringify(audits)).not.toContain(SECRET);
    const event = audits.find((a) => a.action === "redaction.text");
    expect(JSON.parse(event!.data)).toMatchObject({ redaction_id: record.id, reason: "leaked key", regex: false });
    const verify = await call(tenant.adminKey, "POST", "/audit_events/verify", {});
    expect(verify.body.ok).toBe(true);
  });

  it("redacts whole versions in one request, refusing a live head", async () => {
    const client = api.sdk(tenant.adminKey);
    const versions = await client.beta.memoryStores.memoryVersions.list(otherStoreId, {});
    const only = versions.data[0];
    const refused = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "version", version_ids: [only.id], reason: "x" });
    expect(refused.status).toBe(400);
    const dry = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "version", version_ids: [only.id], reason: "x", dry_run: true });
    expect(dry.body.versions[0]).toMatchObject({ version_id: only.id, is_head: true });
    expect((await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "version", version_ids: ["memver_nope"], reason: "x" })).status).toBe(404);
    const other = await createTestTenant("redaction-other2");
    expect((await call(other.adminKey, "POST", "/redaction/redact", { mode: "version", version_ids: [only.id], reason: "x", dry_run: true })).status).toBe(404);

    await client.beta.memoryStores.memories.update(only.memory_id, { memory_store_id: otherStoreId, content: "fixed" });
    const ok = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "version", version_ids: [only.id], reason: "leaked key" });
    expect(ok.status).toBe(200);
    const after = await client.beta.memoryStores.memoryVersions.retrieve(only.id, { memory_store_id: otherStoreId });
    expect(after.content).toBeNull();
    expect(after.redacted_at).not.toBeNull();
    expect((await client.beta.memoryStores.memories.retrieve(only.memory_id, { memory_store_id: otherStoreId })).content).toBe("fixed");
    expect((await call(tenant.adminKey, "POST", "/redaction/search", { query: SECRET })).body.data).toHaveLength(0);
  });

  it("redacts by regex across every store of the workspace", async () => {
    const client = api.sdk(tenant.adminKey);
    const s = await client.beta.memoryStores.create({ name: "pii" });
    await client.beta.memoryStores.memories.create(s.id, { path: "/p.md", content: "mail alice@example.com and bob@example.org" });
    const res = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "text", query: "[a-z]+@example\\.(com|org)", regex: true, reason: "PII" });
    expect(res.status).toBe(200);
    const { db } = await getDb();
    const record = await db.redaction.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(record.storeId).toBeNull();
    expect(record.digest).toBe(hmacHex(tenant.workspace.hmacKey, canonicalize(["alice@example.com", "bob@example.org"])));
    const list = await client.beta.memoryStores.memories.list(s.id, { view: "full" });
    expect(list.data[0]).toMatchObject({ content: "mail [REDACTED] and [REDACTED]" });
  });
});
