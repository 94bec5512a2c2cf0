// After a redaction the removed text must not survive in the database files: SQLite's main file,
// -wal and -journal; PostgreSQL's dump and (with pageinspect) the raw heap pages.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { getDb } from "@/server/db/client";
import { scrubDatabaseFiles } from "@/server/db/scrub";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { dbLeaks, enablePageInspect, leaksAfterScrub } from "./helpers/db-leaks";
import { everyResponse, responsesWith } from "./helpers/every-response";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { createSessionRow, memoryTool } from "./memory-tool-helpers";

let api: RunningApi;
let tenant: TestTenant;
const url = process.env.DATABASE_URL!;
const isPg = url.startsWith("postgres");

async function call(key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${api.origin}/api/v1${path}`, {
    method,
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("really-gone");
  await enablePageInspect();
});
afterAll(() => api.close());

describe("really gone", () => {
  it("a text redaction leaves no trace of the text in the database files or any API response", async () => {
    const secret = `ghp_${newId("request").slice(4)}TEXT`;
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "gone-text" });
    const mem = client.beta.memoryStores.memories;
    // Small rows, and a large one that lives in overflow pages (SQLite) / TOAST (PostgreSQL).
    const small = await mem.create(store.id, { path: "/small.md", content: `token=${secret}` });
    await mem.update(small.id, { memory_store_id: store.id, content: `token=${secret}\nsecond` });
    const big = await mem.create(store.id, { path: "/big.md", content: `${"x".repeat(20_000)}\n${secret}\n${"y".repeat(20_000)}` });
    await mem.update(big.id, { memory_store_id: store.id, content: "now clean" });
    const gone = await mem.create(store.id, { path: "/gone.md", content: `${secret}` });
    await mem.delete(gone.id, { memory_store_id: store.id });
    expect((await dbLeaks(secret)).length).toBeGreaterThan(0);

    const res = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "text", query: secret, store_id: store.id, reason: "leaked token" });
    expect(res.status).toBe(200);
    expect(await leaksAfterScrub(secret)).toEqual([]);

    for (const path of [
      `/memory_stores/${store.id}/memories?view=full`,
      `/memory_stores/${store.id}/memories/${small.id}`,
      `/memory_stores/${store.id}/memory_versions?view=full&limit=20`,
      `/audit_events?limit=100`,
    ]) {
      const r = await call(tenant.adminKey, "GET", path);
      expect(r.status, path).toBe(200);
      expect(r.text, path).not.toContain(secret);
    }
    const versions = await client.beta.memoryStores.memoryVersions.list(store.id, {});
    for (const v of versions.data) {
      const full = await call(tenant.adminKey, "GET", `/memory_stores/${store.id}/memory_versions/${v.id}?view=full`);
      expect(full.text).not.toContain(secret);
    }
    const search = await call(tenant.adminKey, "POST", "/redaction/search", { query: secret });
    expect(JSON.parse(search.text).data).toEqual([]);
  });

  it("a whole-version redaction leaves no trace either", async () => {
    const secret = `AKIA${newId("request").slice(4)}VERS`;
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "gone-version" });
    const mem = client.beta.memoryStores.memories;
    const m = await mem.create(store.id, { path: "/aws.md", content: `aws ${secret} ${"z".repeat(9_000)}` });
    await mem.update(m.id, { memory_store_id: store.id, content: "rotated" });
    const [, first] = (await client.beta.memoryStores.memoryVersions.list(store.id, {})).data;
    expect((await dbLeaks(secret)).length).toBeGreaterThan(0);
    const res = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "version", version_ids: [first.id], reason: "aws key" });
    expect(res.status).toBe(200);
    expect(await leaksAfterScrub(secret)).toEqual([]);
  });

  it("measures the cost of redacting many versions and of the scrub", async () => {
    const secret = `sk-bench-${newId("request").slice(4)}`;
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "gone-bench" });
    const N = 200;
    let m = await client.beta.memoryStores.memories.create(store.id, { path: "/bench.md", content: `v0 ${secret}` });
    for (let i = 1; i < N; i++)
      m = await client.beta.memoryStores.memories.update(m.id, { memory_store_id: store.id, content: `v${i} ${secret} ${"p".repeat(200)}` });
    const started = performance.now();
    const res = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "text", query: secret, store_id: store.id, reason: "bench" });
    const total = performance.now() - started;
    expect(res.status).toBe(200);
    const scrub = await scrubDatabaseFiles(tenant.workspace.id);
    const { db } = await getDb();
    const versions = await db.memoryVersion.count();
    console.log(
      `[really-gone] ${isPg ? "postgresql" : "sqlite"}: text redaction of ${N} versions (incl. scrub) ${total.toFixed(0)} ms; a scrub alone over ${versions} versions ${scrub.ms.toFixed(0)} ms (attempts ${scrub.attempts})`,
    );
    expect(scrub.ok).toBe(true);
    expect(await leaksAfterScrub(secret)).toEqual([]);
  });

  it("a literal redaction of a key prefix removes the whole key from every response and the files", async () => {
    const secret = `sk-live-${randomBytes(16).toString("hex")}`;
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "gone-prefix" });
    await tenant.grant(store.id, tenant.agent.id, "read_write");
    const session = await createSessionRow(tenant.workspace.id, tenant.agent.id);
    const tool = (input: object) => memoryTool(api.origin, tenant.agentKey, store.id, input, session.id);
    await tool({ command: "create", path: "/memories/billing.md", file_text: `Stripe key: ${secret}\nsecond line\n` });
    await tool({ command: "str_replace", path: "/memories/billing.md", old_str: "second line", new_str: `again=${secret}==` });
    const m = await client.beta.memoryStores.memories.create(store.id, { path: "/notes.md", content: `old ${secret}` });
    await client.beta.memoryStores.memories.update(m.id, { memory_store_id: store.id, content: "rotated" });
    const before = await everyResponse(api.origin, tenant.adminKey, store.id, [session.id]);
    expect(responsesWith(before, secret).length).toBeGreaterThan(3);

    // The officer types only the prefix.
    const search = await call(tenant.adminKey, "POST", "/redaction/search", { query: "sk-live-", store_id: store.id, limit: 100 });
    expect(search.status).toBe(200);
    expect(search.text).not.toContain(secret.slice(8, 16));
    const plan = await call(tenant.adminKey, "POST", "/redaction/redact", {
      mode: "text",
      query: "sk-live-",
      store_id: store.id,
      reason: "leaked",
      dry_run: true,
    });
    expect(plan.text).not.toContain(secret.slice(8, 16));
    const lines = JSON.parse(plan.text).versions.flatMap((v: { lines: { after: string }[] }) => v.lines.map((l) => l.after));
    expect(lines).toContain("Stripe key: [REDACTED]");
    const res = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "text", query: "sk-live-", store_id: store.id, reason: "leaked" });
    expect(res.status).toBe(200);

    const after = await everyResponse(api.origin, tenant.adminKey, store.id, [session.id]);
    expect(responsesWith(after, secret.slice(8))).toEqual([]);
    expect(after.find((r) => r.label.startsWith("memory "))?.text).toContain("Stripe key: [REDACTED]");
    expect(await leaksAfterScrub(secret.slice(8))).toEqual([]);
    expect((await call(tenant.adminKey, "POST", "/audit_events/verify", {})).text).toContain('"ok":true');
  });

  it("a secret in a path, renamed away or still live, is gone from every response and the files", async () => {
    const secret = `sk-live-${randomBytes(16).toString("hex")}`;
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "gone-path" });
    await tenant.grant(store.id, tenant.agent.id, "read_write");
    const session = await createSessionRow(tenant.workspace.id, tenant.agent.id);
    const tool = (input: object) => memoryTool(api.origin, tenant.agentKey, store.id, input, session.id);
    // Renamed away: the old name survives in the first version, the rename's previous_path, a read and the audit data.
    await tool({ command: "create", path: `/memories/keys/${secret}.md`, file_text: "rotate me\n" });
    await tool({ command: "view", path: `/memories/keys/${secret}.md` });
    await tool({ command: "rename", old_path: `/memories/keys/${secret}.md`, new_path: "/memories/keys/rotated.md" });
    // Still live, in a folder name; and a deleted one.
    const live = await client.beta.memoryStores.memories.create(store.id, { path: `/notes/${secret}/todo.md`, content: `todo ${secret}` });
    const gone = await client.beta.memoryStores.memories.create(store.id, { path: `/old/${secret}`, content: "old" });
    await client.beta.memoryStores.memories.delete(gone.id, { memory_store_id: store.id });
    const before = await everyResponse(api.origin, tenant.adminKey, store.id, [session.id]);
    expect(responsesWith(before, secret).length).toBeGreaterThan(5);
    expect((await dbLeaks(secret)).length).toBeGreaterThan(0);

    // Search results and the dry run mask the path as they mask the content.
    const search = await call(tenant.adminKey, "POST", "/redaction/search", { query: "sk-live-", store_id: store.id });
    expect(JSON.parse(search.text).data).toHaveLength(1);
    expect(search.text).not.toContain(secret.slice(8, 16));
    const plan = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "text", query: "sk-live-", store_id: store.id, reason: "x", dry_run: true });
    expect(JSON.parse(plan.text).versions).toHaveLength(1);
    expect(plan.text).not.toContain(secret.slice(8, 16));
    const after = (JSON.parse(plan.text).paths as { after: string }[]).map((p) => p.after).sort();
    // A token takes the rest of its segment (".md" included), never the next one.
    expect(after).toEqual(["/keys/[REDACTED]", "/notes/[REDACTED]/todo.md", "/old/[REDACTED]"].sort());

    const res = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "text", query: "sk-live-", store_id: store.id, reason: "key in a file name" });
    expect(res.status).toBe(200);
    const now = await client.beta.memoryStores.memories.retrieve(live.id, { memory_store_id: store.id });
    expect(now.path).toBe("/notes/[REDACTED]/todo.md");
    expect(now.content).toBe("todo [REDACTED]");
    const responses = await everyResponse(api.origin, tenant.adminKey, store.id, [session.id]);
    expect(responsesWith(responses, secret.slice(8))).toEqual([]);
    expect(await leaksAfterScrub(secret.slice(8))).toEqual([]);
    expect((await call(tenant.adminKey, "POST", "/audit_events/verify", {})).text).toContain('"ok":true');
  });

  it("a whole-version redaction removes the version's path where no other row names it", async () => {
    const secret = `AKIA${randomBytes(8).toString("hex").toUpperCase()}`;
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "gone-version-path" });
    await tenant.grant(store.id, tenant.agent.id, "read_write");
    const session = await createSessionRow(tenant.workspace.id, tenant.agent.id);
    const tool = (input: object) => memoryTool(api.origin, tenant.agentKey, store.id, input, session.id);
    await tool({ command: "create", path: `/memories/${secret}.md`, file_text: "first\n" });
    await tool({ command: "view", path: `/memories/${secret}.md` });
    await tool({ command: "rename", old_path: `/memories/${secret}.md`, new_path: "/memories/clean.md" });
    await tool({ command: "str_replace", path: "/memories/clean.md", old_str: "first", new_str: "second" });
    const versions = (await client.beta.memoryStores.memoryVersions.list(store.id, {})).data;
    expect(versions).toHaveLength(3);
    const [, renamed, created] = versions;
    expect((await dbLeaks(secret)).length).toBeGreaterThan(0);
    // The first alone leaves the name in the rename's previous_path, so reads and audit keep it too.
    expect((await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "version", version_ids: [created.id], reason: "a" })).status).toBe(200);
    expect(responsesWith(await everyResponse(api.origin, tenant.adminKey, store.id, [session.id]), secret).length).toBeGreaterThan(0);
    expect((await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "version", version_ids: [renamed.id], reason: "b" })).status).toBe(200);
    expect(responsesWith(await everyResponse(api.origin, tenant.adminKey, store.id, [session.id]), secret)).toEqual([]);
    expect(await leaksAfterScrub(secret)).toEqual([]);
    expect((await call(tenant.adminKey, "POST", "/audit_events/verify", {})).text).toContain('"ok":true');
  });

  it("a redaction with expand none removes only the exact match", async () => {
    const secret = `sk-live-${randomBytes(12).toString("hex")}`;
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "gone-exact" });
    const m = await client.beta.memoryStores.memories.create(store.id, { path: "/n.md", content: `k ${secret}` });
    const res = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "text", query: "sk-live-", expand: "none", store_id: store.id, reason: "x" });
    expect(res.status).toBe(200);
    const now = await client.beta.memoryStores.memories.retrieve(m.id, { memory_store_id: store.id });
    expect(now.content).toBe(`k [REDACTED]${secret.slice(8)}`);
  });
});
