// Conformance of client.beta.memoryStores.memories against a running Engram.
import { createHash } from "node:crypto";
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { expectApiError } from "./helpers/api-errors";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { spawnApiServer } from "./helpers/spawn-server";

let api: RunningApi;
let tenant: TestTenant;
let client: Anthropic;
let memories: Anthropic["beta"]["memoryStores"]["memories"];

const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
let stores = 0;
const newStore = async (name = "memories") => (await client.beta.memoryStores.create({ name: `${name} ${++stores}` })).id;
async function versionCount(storeId: string, memoryId?: string) {
  let n = 0;
  for await (const _ of client.beta.memoryStores.memoryVersions.list(storeId, { limit: 100, ...(memoryId ? { memory_id: memoryId } : {}) })) n++;
  return n;
}
async function listAll(storeId: string, params: Anthropic.Beta.MemoryStores.MemoryListParams = {}) {
  const items: Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryListItem[] = [];
  for await (const item of memories.list(storeId, params)) items.push(item);
  return items;
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("sdk-memories");
  client = api.sdk(tenant.adminKey);
  memories = client.beta.memoryStores.memories;
});
afterAll(() => api.close());

describe("memories.create", () => {
  it("creates with the wire shape; view=basic omits content, view=full includes it", async () => {
    const storeId = await newStore();
    const content = "# Notes\nñandú 🦤\n";
    const basic = await memories.create(storeId, { path: "/notes/a.md", content });
    expect(basic).toEqual({
      type: "memory",
      id: expect.stringMatching(/^mem_/),
      memory_store_id: storeId,
      path: "/notes/a.md",
      content_sha256: sha(content),
      content_size_bytes: Buffer.byteLength(content),
      memory_version_id: expect.stringMatching(/^memver_/),
      created_at: expect.any(String),
      updated_at: expect.any(String),
      content: null,
    });
    const full = await memories.create(storeId, { path: "/notes/b.md", content, view: "full" });
    expect(full.content).toBe(content);
    const empty = await memories.create(storeId, { path: "/empty.md", content: null });
    expect(empty).toMatchObject({ content_size_bytes: 0, content_sha256: sha("") });
  });

  it("409 memory_path_conflict_error for an equal, ancestor or descendant path", async () => {
    const storeId = await newStore();
    const existing = await memories.create(storeId, { path: "/notes/todo.md", content: "x" });
    for (const path of ["/notes/todo.md", "/notes/todo.md/deeper.md", "/notes/todo.md/a/b.md"]) {
      const error = await expectApiError(memories.create(storeId, { path, content: "y" }), 409, "memory_path_conflict_error");
      expect(error).toMatchObject({ conflicting_memory_id: existing.id, conflicting_path: "/notes/todo.md" });
    }
    const leaf = await memories.create(storeId, { path: "/a/b/c.md", content: "leaf" });
    for (const path of ["/a", "/a/b"]) {
      const error = await expectApiError(memories.create(storeId, { path, content: "y" }), 409, "memory_path_conflict_error");
      expect(error).toMatchObject({ conflicting_memory_id: leaf.id, conflicting_path: "/a/b/c.md" });
    }
    // Siblings sharing a name prefix are not conflicts; paths are case-sensitive.
    await memories.create(storeId, { path: "/notes/todo.md2", content: "z" });
    await memories.create(storeId, { path: "/notes/todo", content: "z" });
    await memories.create(storeId, { path: "/Notes/todo.md", content: "z" });
    await memories.create(storeId, { path: "/a/b-c.md", content: "z" });
    expect(await versionCount(storeId)).toBe(6);
  });

  it("a deleted memory's path is free again", async () => {
    const storeId = await newStore();
    const first = await memories.create(storeId, { path: "/p.md", content: "1" });
    await memories.delete(first.id, { memory_store_id: storeId });
    const second = await memories.create(storeId, { path: "/p.md", content: "2" });
    expect(second.id).not.toBe(first.id);
  });

  it("content up to 100 kB is accepted; beyond it is 413 request_too_large and nothing is written", async () => {
    const storeId = await newStore();
    const limit = 102_400;
    const ok = await memories.create(storeId, { path: "/max.md", content: "é".repeat(limit / 2) });
    expect(ok.content_size_bytes).toBe(limit);
    await expectApiError(memories.create(storeId, { path: "/over.md", content: "a".repeat(limit + 1) }), 413, "request_too_large");
    await expectApiError(memories.create(storeId, { path: "/over2.md", content: "é".repeat(limit / 2) + "a" }), 413, "request_too_large");
    await expectApiError(memories.update(ok.id, { memory_store_id: storeId, content: "a".repeat(limit + 1) }), 413, "request_too_large");
    expect(await versionCount(storeId)).toBe(1);
  });
});

describe("memories.retrieve", () => {
  it("defaults to view=full; view=basic leaves content null", async () => {
    const storeId = await newStore();
    const created = await memories.create(storeId, { path: "/r.md", content: "read me" });
    const full = await memories.retrieve(created.id, { memory_store_id: storeId });
    expect(full).toEqual({ ...created, content: "read me" });
    expect((await memories.retrieve(created.id, { memory_store_id: storeId, view: "basic" })).content).toBeNull();
  });

  it("404 for unknown ids, for a memory in another store, and for a deleted memory", async () => {
    const storeId = await newStore();
    const otherStore = await newStore("other");
    const created = await memories.create(storeId, { path: "/r.md", content: "x" });
    await expectApiError(memories.retrieve("mem_nope", { memory_store_id: storeId }), 404, "not_found_error");
    await expectApiError(memories.retrieve(created.id, { memory_store_id: otherStore }), 404, "not_found_error");
    await memories.delete(created.id, { memory_store_id: storeId });
    await expectApiError(memories.retrieve(created.id, { memory_store_id: storeId }), 404, "not_found_error");
  });
});

describe("memories.update", () => {
  it("changes content; renames keep the id; both at once", async () => {
    const storeId = await newStore();
    const m = await memories.create(storeId, { path: "/u.md", content: "one" });
    const v2 = await memories.update(m.id, { memory_store_id: storeId, content: "two", view: "full" });
    expect(v2).toMatchObject({ id: m.id, path: "/u.md", content: "two", content_sha256: sha("two") });
    expect(v2.memory_version_id).not.toBe(m.memory_version_id);
    const renamed = await memories.update(m.id, { memory_store_id: storeId, path: "/dir/u2.md" });
    expect(renamed).toMatchObject({ id: m.id, path: "/dir/u2.md", content_sha256: sha("two"), content: null });
    const both = await memories.update(m.id, { memory_store_id: storeId, path: "/u3.md", content: "three" });
    expect(both).toMatchObject({ id: m.id, path: "/u3.md", content_sha256: sha("three") });
    expect(renamed.created_at).toBe(m.created_at);
    const versions = (await client.beta.memoryStores.memoryVersions.list(storeId, { memory_id: m.id })).data;
    expect(versions.map((v) => [v.operation, v.path])).toEqual([
      ["modified", "/u3.md"],
      ["modified", "/dir/u2.md"],
      ["modified", "/u.md"],
      ["created", "/u.md"],
    ]);
    // The old path is free after a rename.
    await memories.create(storeId, { path: "/u.md", content: "new file at old path" });
  });

  it("a rename onto an occupied or overlapping path is a 409 path conflict", async () => {
    const storeId = await newStore();
    const a = await memories.create(storeId, { path: "/a.md", content: "a" });
    const b = await memories.create(storeId, { path: "/dir/b.md", content: "b" });
    const eq = await expectApiError(memories.update(a.id, { memory_store_id: storeId, path: "/dir/b.md" }), 409, "memory_path_conflict_error");
    expect(eq).toMatchObject({ conflicting_memory_id: b.id, conflicting_path: "/dir/b.md" });
    const anc = await expectApiError(memories.update(a.id, { memory_store_id: storeId, path: "/dir" }), 409, "memory_path_conflict_error");
    expect(anc).toMatchObject({ conflicting_memory_id: b.id });
    const desc = await expectApiError(memories.update(a.id, { memory_store_id: storeId, path: "/dir/b.md/x.md" }), 409, "memory_path_conflict_error");
    expect(desc).toMatchObject({ conflicting_memory_id: b.id });
    expect((await memories.retrieve(a.id, { memory_store_id: storeId })).path).toBe("/a.md");
  });

  it("content_sha256 preconditions: match writes, mismatch is 409, mismatch but already equal is 200 without a version", async () => {
    const storeId = await newStore();
    const m = await memories.create(storeId, { path: "/p.md", content: "base" });
    const matched = await memories.update(m.id, {
      memory_store_id: storeId,
      content: "next",
      precondition: { type: "content_sha256", content_sha256: sha("base") },
    });
    expect(matched.content_sha256).toBe(sha("next"));

    const error = await expectApiError(
      memories.update(m.id, { memory_store_id: storeId, content: "lost update", precondition: { type: "content_sha256", content_sha256: sha("base") } }),
      409,
      "memory_precondition_failed_error",
    );
    expect(error.message).toMatch(/precondition/i);
    expect((await memories.retrieve(m.id, { memory_store_id: storeId })).content).toBe("next");

    const before = await versionCount(storeId, m.id);
    const same = await memories.update(m.id, {
      memory_store_id: storeId,
      content: "next",
      precondition: { type: "content_sha256", content_sha256: sha("base") },
    });
    expect(same).toMatchObject({ id: m.id, memory_version_id: matched.memory_version_id, content_sha256: sha("next") });
    expect(await versionCount(storeId, m.id)).toBe(before);

    await expectApiError(
      memories.update(m.id, { memory_store_id: storeId, content: "x", precondition: { type: "content_sha256", content_sha256: "NOTHEX" } }),
      400,
      "invalid_request_error",
    );
  });

  it("a write that changes nothing creates no version", async () => {
    const storeId = await newStore();
    const m = await memories.create(storeId, { path: "/same.md", content: "same" });
    const again = await memories.update(m.id, { memory_store_id: storeId, content: "same", path: "/same.md" });
    expect(again.memory_version_id).toBe(m.memory_version_id);
    expect(again.updated_at).toBe(m.updated_at);
    const empty = await memories.update(m.id, { memory_store_id: storeId });
    expect(empty.memory_version_id).toBe(m.memory_version_id);
    expect(await versionCount(storeId)).toBe(1);
  });

  it("404 for an unknown or deleted memory", async () => {
    const storeId = await newStore();
    await expectApiError(memories.update("mem_nope", { memory_store_id: storeId, content: "x" }), 404, "not_found_error");
    const m = await memories.create(storeId, { path: "/d.md", content: "x" });
    await memories.delete(m.id, { memory_store_id: storeId });
    await expectApiError(memories.update(m.id, { memory_store_id: storeId, content: "y" }), 404, "not_found_error");
  });
});

describe("memories.delete", () => {
  it("honours expected_content_sha256: mismatch is 409 and keeps the memory, match deletes", async () => {
    const storeId = await newStore();
    const m = await memories.create(storeId, { path: "/del.md", content: "keep?" });
    await expectApiError(memories.delete(m.id, { memory_store_id: storeId, expected_content_sha256: sha("other") }), 409, "memory_precondition_failed_error");
    expect((await memories.retrieve(m.id, { memory_store_id: storeId })).content).toBe("keep?");
    expect(await memories.delete(m.id, { memory_store_id: storeId, expected_content_sha256: sha("keep?") })).toEqual({ id: m.id, type: "memory_deleted" });
    await expectApiError(memories.delete(m.id, { memory_store_id: storeId }), 404, "not_found_error");
    const versions = (await client.beta.memoryStores.memoryVersions.list(storeId, { memory_id: m.id })).data;
    expect(versions.map((v) => v.operation)).toEqual(["deleted", "created"]);
    expect(versions[0]).toMatchObject({ content_sha256: null, content_size_bytes: null, path: "/del.md" });
    expect(versions[1]).toMatchObject({ content_sha256: sha("keep?"), content_size_bytes: 5 });
  });

  it("deletes without a precondition", async () => {
    const storeId = await newStore();
    const m = await memories.create(storeId, { path: "/x.md", content: "x" });
    expect(await memories.delete(m.id, { memory_store_id: storeId })).toEqual({ id: m.id, type: "memory_deleted" });
    expect(await listAll(storeId)).toEqual([]);
  });
});

describe("memories.list", () => {
  let storeId: string;
  const paths = [
    "/a.md",
    "/notes/2024/jan.md",
    "/notes/2024/feb.md",
    "/notes/2025/mar.md",
    "/notes/index.md",
    "/notes-archive/old.md",
    "/notes0.md",
    "/z/deep/er/est.md",
  ];

  beforeAll(async () => {
    storeId = await newStore("listing");
    for (const path of paths) await memories.create(storeId, { path, content: `content of ${path}` });
  });

  it("lists every memory in path order with depth 0", async () => {
    const items = await listAll(storeId);
    expect(items.map((i) => i.path)).toEqual([...paths].sort());
    expect(items.every((i) => i.type === "memory" && i.content === null)).toBe(true);
  });

  it("matches path_prefix by whole segments: /notes/ excludes /notes-archive/ and /notes0.md", async () => {
    const items = await listAll(storeId, { path_prefix: "/notes/" });
    expect(items.map((i) => i.path)).toEqual(["/notes/2024/feb.md", "/notes/2024/jan.md", "/notes/2025/mar.md", "/notes/index.md"]);
    expect((await listAll(storeId, { path_prefix: "/notes-archive/" })).map((i) => i.path)).toEqual(["/notes-archive/old.md"]);
    expect(await listAll(storeId, { path_prefix: "/nothing/" })).toEqual([]);
  });

  it("rolls deeper entries up into memory_prefix items with depth", async () => {
    const top = await listAll(storeId, { depth: 1 });
    expect(top).toEqual([
      { type: "memory", ...pick(top[0]), path: "/a.md" },
      { type: "memory_prefix", path: "/notes-archive/" },
      { type: "memory_prefix", path: "/notes/" },
      { type: "memory", ...pick(top[3]), path: "/notes0.md" },
      { type: "memory_prefix", path: "/z/" },
    ]);
    const notes = await listAll(storeId, { path_prefix: "/notes/", depth: 1 });
    expect(notes.map((i) => [i.type, i.path])).toEqual([
      ["memory_prefix", "/notes/2024/"],
      ["memory_prefix", "/notes/2025/"],
      ["memory", "/notes/index.md"],
    ]);
    const two = await listAll(storeId, { path_prefix: "/notes/", depth: 2 });
    expect(two.map((i) => [i.type, i.path])).toEqual([
      ["memory", "/notes/2024/feb.md"],
      ["memory", "/notes/2024/jan.md"],
      ["memory", "/notes/2025/mar.md"],
      ["memory", "/notes/index.md"],
    ]);
    expect((await listAll(storeId, { path_prefix: "/z/", depth: 2 })).map((i) => [i.type, i.path])).toEqual([["memory_prefix", "/z/deep/er/"]]);
  });

  it("pages across prefixes and memories with limit 1 and returns the same sequence", async () => {
    for (const params of [{ depth: 1 }, { depth: 2 }, { path_prefix: "/notes/", depth: 1 }, {}]) {
      const whole = (await memories.list(storeId, { ...params, limit: 100 })).data.map((i) => `${i.type}:${i.path}`);
      const paged: string[] = [];
      let page = await memories.list(storeId, { ...params, limit: 1 });
      for (;;) {
        expect(page.data.length).toBeLessThanOrEqual(1);
        paged.push(...page.data.map((i) => `${i.type}:${i.path}`));
        if (!page.hasNextPage()) break;
        page = await page.getNextPage();
      }
      expect(paged).toEqual(whole);
    }
  });

  it("view=full includes content and caps a page at 20 items", async () => {
    const big = await newStore("big");
    for (let i = 0; i < 25; i++) await memories.create(big, { path: `/f/${String(i).padStart(2, "0")}.md`, content: `n${i}` });
    const page = await memories.list(big, { view: "full", limit: 100 });
    expect(page.data).toHaveLength(20);
    expect(page.next_page).toEqual(expect.any(String));
    expect((page.data[0] as Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory).content).toBe("n0");
    const basic = await memories.list(big, { limit: 100 });
    expect(basic.data).toHaveLength(25);
    expect(basic.next_page).toBeNull();
    const all = await listAll(big, { view: "full" });
    expect(all.map((m) => (m as Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory).content)).toEqual(Array.from({ length: 25 }, (_, i) => `n${i}`));
  });

  it("refuses a path_prefix without a trailing slash or with traversal", async () => {
    await expectApiError(memories.list(storeId, { path_prefix: "/notes" }), 400, "invalid_request_error");
    await expectApiError(memories.list(storeId, { path_prefix: "/../" }), 400, "invalid_request_error");
    await expectApiError(memories.list(storeId, { depth: -1 }), 400, "invalid_request_error");
  });
});

describe("limits (spawned server)", () => {
  it("a store holds at most ENGRAM_MAX_MEMORIES_PER_STORE live memories", async () => {
    const server = await spawnApiServer({ env: { ENGRAM_MAX_MEMORIES_PER_STORE: "3", ENGRAM_MAX_CONTENT_BYTES: "10" } });
    try {
      const sdk = server.sdk(tenant.adminKey);
      const storeId = (await sdk.beta.memoryStores.create({ name: "limited" })).id;
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await sdk.beta.memoryStores.memories.create(storeId, { path: `/m${i}.md`, content: "x" }));
      const error = await expectApiError(sdk.beta.memoryStores.memories.create(storeId, { path: "/m3.md", content: "x" }), 400, "invalid_request_error");
      expect(error.message).toMatch(/maximum of 3/);
      await expectApiError(sdk.beta.memoryStores.memories.create(storeId, { path: "/big.md", content: "x".repeat(11) }), 413, "request_too_large");
      // Updating and renaming existing memories is still fine at the limit.
      await sdk.beta.memoryStores.memories.update(made[0].id, { memory_store_id: storeId, content: "y", path: "/m0-renamed.md" });
      await sdk.beta.memoryStores.memories.delete(made[1].id, { memory_store_id: storeId });
      await sdk.beta.memoryStores.memories.create(storeId, { path: "/m3.md", content: "x" });
    } finally {
      await server.kill();
    }
  });
});

function pick(item: Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryListItem) {
  const { type: _type, path: _path, ...rest } = item as Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory;
  return rest;
}
