// Conformance of client.beta.memoryStores (the SDK's contract) against a running Engram.
import type Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { expectApiError } from "./helpers/api-errors";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

let api: RunningApi;
let tenant: TestTenant;
let client: Anthropic;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("sdk-stores");
  client = api.sdk(tenant.adminKey);
});
afterAll(() => api.close());

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

describe("memoryStores.create / retrieve", () => {
  it("creates a store with the wire shape and reads it back", async () => {
    const store = await client.beta.memoryStores.create({ name: "Team notes", description: "what the team learned", metadata: { owner: "ana" } });
    expect(store).toEqual({
      type: "memory_store",
      id: expect.stringMatching(/^memstore_/),
      name: "Team notes",
      description: "what the team learned",
      metadata: { owner: "ana" },
      created_at: expect.stringMatching(ISO),
      updated_at: expect.stringMatching(ISO),
      archived_at: null,
    });
    expect(await client.beta.memoryStores.retrieve(store.id)).toEqual(store);
  });

  it("answers with JSON, a request-id header and no-store caching", async () => {
    const { data, response } = await client.beta.memoryStores.create({ name: "headers" }).withResponse();
    expect(data.id).toMatch(/^memstore_/);
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toMatch(/\S/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
  });

  it("defaults description to an empty string and metadata to {}", async () => {
    const store = await client.beta.memoryStores.create({ name: "bare" });
    expect(store.description).toBe("");
    expect(store.metadata).toEqual({});
  });

  it("validates name, description and metadata", async () => {
    await expectApiError(client.beta.memoryStores.create({ name: "" }), 400, "invalid_request_error");
    await expectApiError(client.beta.memoryStores.create({ name: "x".repeat(256) }), 400, "invalid_request_error");
    await expectApiError(client.beta.memoryStores.create({ name: "tab\there" }), 400, "invalid_request_error");
    await expectApiError(client.beta.memoryStores.create({ name: "d", description: "x".repeat(1025) }), 400, "invalid_request_error");
    const seventeen = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));
    await expectApiError(client.beta.memoryStores.create({ name: "m", metadata: seventeen }), 400, "invalid_request_error");
    await expectApiError(client.beta.memoryStores.create({ name: "m", metadata: { ["k".repeat(65)]: "v" } }), 400, "invalid_request_error");
    await expectApiError(client.beta.memoryStores.create({ name: "m", metadata: { k: "v".repeat(513) } }), 400, "invalid_request_error");
    expect((await client.beta.memoryStores.create({ name: "x".repeat(255), description: "d".repeat(1024) })).name).toHaveLength(255);
  });

  it("refuses a second store with the same name in the workspace, in any case; another workspace may reuse it", async () => {
    const first = await client.beta.memoryStores.create({ name: "Support Notes" });
    const error = await expectApiError(client.beta.memoryStores.create({ name: "support notes" }), 409, "conflict_error");
    expect(error.message).toContain("already exists");
    const other = await createTestTenant("sdk-stores-dup");
    expect((await api.sdk(other.adminKey).beta.memoryStores.create({ name: "Support Notes" })).name).toBe("Support Notes");
    // A rename onto a taken name is refused too; renaming a store to its own name in another case is not.
    const second = await client.beta.memoryStores.create({ name: "Billing Notes" });
    await expectApiError(client.beta.memoryStores.update(second.id, { name: "SUPPORT NOTES" }), 409, "conflict_error");
    expect((await client.beta.memoryStores.update(first.id, { name: "Support notes" })).name).toBe("Support notes");
  });

  it("answers 404 for an unknown store", async () => {
    const error = await expectApiError(client.beta.memoryStores.retrieve("memstore_doesnotexist"), 404, "not_found_error");
    expect(error.message).toContain("memstore_doesnotexist");
  });

  it("refuses agent keys creating stores (403)", async () => {
    await expectApiError(api.sdk(tenant.agentKey).beta.memoryStores.create({ name: "nope" }), 403, "permission_error");
  });
});

describe("memoryStores.update", () => {
  it("changes name and description and patches metadata, null removing a key", async () => {
    const store = await client.beta.memoryStores.create({ name: "before", metadata: { a: "1", b: "2", c: "3" } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await client.beta.memoryStores.update(store.id, { name: "after", description: "now described", metadata: { b: null, c: "33", d: "4" } });
    expect(updated).toMatchObject({ id: store.id, name: "after", description: "now described", metadata: { a: "1", c: "33", d: "4" } });
    expect(updated.metadata).not.toHaveProperty("b");
    expect(Date.parse(updated.updated_at)).toBeGreaterThan(Date.parse(store.updated_at));
    expect(updated.created_at).toBe(store.created_at);
    expect(await client.beta.memoryStores.retrieve(store.id)).toEqual(updated);
  });

  it("leaves omitted fields alone and clears description with an empty string", async () => {
    const store = await client.beta.memoryStores.create({ name: "keep", description: "desc", metadata: { k: "v" } });
    const renamed = await client.beta.memoryStores.update(store.id, { name: "kept" });
    expect(renamed).toMatchObject({ name: "kept", description: "desc", metadata: { k: "v" } });
    const cleared = await client.beta.memoryStores.update(store.id, { description: "" });
    expect(cleared.description).toBe("");
  });

  it("refuses a metadata patch that would exceed 16 pairs", async () => {
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, "v"]));
    const store = await client.beta.memoryStores.create({ name: "full", metadata: sixteen });
    await expectApiError(client.beta.memoryStores.update(store.id, { metadata: { extra: "x" } }), 400, "invalid_request_error");
    const swapped = await client.beta.memoryStores.update(store.id, { metadata: { k0: null, extra: "x" } });
    expect(Object.keys(swapped.metadata)).toHaveLength(16);
  });

  it("answers 404 for an unknown store", async () => {
    await expectApiError(client.beta.memoryStores.update("memstore_nope", { name: "x" }), 404, "not_found_error");
  });
});

describe("memoryStores.list", () => {
  it("pages newest first, honours include_archived and created_at bounds", async () => {
    const own = await createTestTenant("sdk-stores-list");
    const sdk = api.sdk(own.adminKey);
    const made: Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryStore[] = [];
    for (let i = 0; i < 7; i++) {
      made.push(await sdk.beta.memoryStores.create({ name: `list ${i}` }));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await sdk.beta.memoryStores.archive(made[2].id);

    const firstPage = await sdk.beta.memoryStores.list({ limit: 2 });
    expect(firstPage.data).toHaveLength(2);
    expect(firstPage.next_page).toEqual(expect.any(String));
    expect(firstPage.data.map((s) => s.id)).toEqual([made[6].id, made[5].id]);

    const all: string[] = [];
    for await (const store of sdk.beta.memoryStores.list({ limit: 2 })) all.push(store.id);
    const live = made
      .filter((_, i) => i !== 2)
      .map((s) => s.id)
      .reverse();
    expect(all).toEqual(live);

    const withArchived: string[] = [];
    for await (const store of sdk.beta.memoryStores.list({ limit: 3, include_archived: true })) withArchived.push(store.id);
    expect(withArchived).toEqual(made.map((s) => s.id).reverse());

    const gte = made[3].created_at;
    const lte = made[5].created_at;
    const bounded: string[] = [];
    for await (const store of sdk.beta.memoryStores.list({ "created_at[gte]": gte, "created_at[lte]": lte, include_archived: true })) bounded.push(store.id);
    const expected = made
      .filter((s) => s.created_at >= gte && s.created_at <= lte)
      .map((s) => s.id)
      .reverse();
    expect(bounded).toEqual(expected);
    expect(bounded).toContain(made[3].id);
    expect(bounded).toContain(made[5].id);
    expect(bounded).not.toContain(made[6].id);
  });

  it("sees only its own workspace's stores", async () => {
    const other = await createTestTenant("sdk-stores-other");
    const theirs = await api.sdk(other.adminKey).beta.memoryStores.create({ name: "theirs" });
    const ids: string[] = [];
    for await (const store of client.beta.memoryStores.list({ include_archived: true, limit: 100 })) ids.push(store.id);
    expect(ids).not.toContain(theirs.id);
    await expectApiError(client.beta.memoryStores.retrieve(theirs.id), 404, "not_found_error");
  });

  it("refuses a bad limit and a bad cursor", async () => {
    await expectApiError(client.beta.memoryStores.list({ limit: 0 }), 400, "invalid_request_error");
    await expectApiError(client.beta.memoryStores.list({ limit: 1001 }), 400, "invalid_request_error");
    await expectApiError(client.beta.memoryStores.list({ page: "not-a-cursor" }), 400, "invalid_request_error");
    await expectApiError(client.beta.memoryStores.list({ "created_at[gte]": "yesterday" }), 400, "invalid_request_error");
  });
});

describe("memoryStores.delete", () => {
  it("returns a tombstone, then 404 for the store and everything in it", async () => {
    const store = await client.beta.memoryStores.create({ name: "doomed" });
    const memory = await client.beta.memoryStores.memories.create(store.id, { path: "/a.md", content: "a" });
    expect(await client.beta.memoryStores.delete(store.id)).toEqual({ id: store.id, type: "memory_store_deleted" });
    await expectApiError(client.beta.memoryStores.retrieve(store.id), 404, "not_found_error");
    await expectApiError(client.beta.memoryStores.memories.retrieve(memory.id, { memory_store_id: store.id }), 404, "not_found_error");
    await expectApiError(client.beta.memoryStores.memoryVersions.retrieve(memory.memory_version_id, { memory_store_id: store.id }), 404, "not_found_error");
    await expectApiError(client.beta.memoryStores.memories.list(store.id), 404, "not_found_error");
    await expectApiError(client.beta.memoryStores.delete(store.id), 404, "not_found_error");
  });
});

describe("memoryStores.archive", () => {
  it("is one-way: writes are refused, reads, deletes and redactions still work", async () => {
    const store = await client.beta.memoryStores.create({ name: "to archive" });
    const memories = client.beta.memoryStores.memories;
    const a = await memories.create(store.id, { path: "/a.md", content: "v1" });
    const a2 = await memories.update(a.id, { memory_store_id: store.id, content: "v2" });
    const b = await memories.create(store.id, { path: "/b.md", content: "b" });

    const archived = await client.beta.memoryStores.archive(store.id);
    expect(archived.archived_at).toMatch(ISO);
    expect(archived.updated_at).toBe(archived.archived_at);
    const again = await client.beta.memoryStores.archive(store.id);
    expect(again.archived_at).toBe(archived.archived_at);

    await expectApiError(memories.create(store.id, { path: "/c.md", content: "c" }), 409, "conflict_error");
    await expectApiError(memories.update(a.id, { memory_store_id: store.id, content: "v3" }), 409, "conflict_error");
    await expectApiError(memories.update(a.id, { memory_store_id: store.id, path: "/renamed.md" }), 409, "conflict_error");
    await expectApiError(client.beta.memoryStores.update(store.id, { name: "renamed" }), 409, "conflict_error");

    expect((await memories.retrieve(a2.id, { memory_store_id: store.id })).content).toBe("v2");
    expect((await memories.list(store.id)).data).toHaveLength(2);
    const redacted = await client.beta.memoryStores.memoryVersions.redact(a.memory_version_id, { memory_store_id: store.id });
    expect(redacted.redacted_at).toMatch(ISO);
    expect(await memories.delete(b.id, { memory_store_id: store.id })).toEqual({ id: b.id, type: "memory_deleted" });

    const listed: string[] = [];
    for await (const s of client.beta.memoryStores.list({ limit: 100 })) listed.push(s.id);
    expect(listed).not.toContain(store.id);
    expect(await client.beta.memoryStores.delete(store.id)).toEqual({ id: store.id, type: "memory_store_deleted" });
  });
});
