// Hostile and broken requests: each gets the right 4xx and the error envelope, never a 500,
// and none of them writes anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiKey } from "@/server/api-keys/revoke-api-key";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { expectErrorResponse } from "./helpers/api-errors";
import { writeCounts, type WriteCounts } from "./helpers/db-counts";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { RawBody, rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let storeId: string;
let memoryId: string;
let versionId: string;
let before: WriteCounts;

/** `key`: the admin key unless given; null sends no credentials. */
type Call = { method?: string; key?: string | null; body?: unknown; headers?: Record<string, string> };
const call = (route: string, { method = "GET", key, body, headers }: Call = {}) =>
  rest(api.origin, key === undefined ? tenant.adminKey : (key ?? undefined), method, route, body, headers);

const memoriesPath = () => `/memory_stores/${storeId}/memories`;
const memoryPath = () => `/memory_stores/${storeId}/memories/${memoryId}`;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("bad-input");
  const sdk = api.sdk(tenant.adminKey);
  storeId = (await sdk.beta.memoryStores.create({ name: "target" })).id;
  const memory = await sdk.beta.memoryStores.memories.create(storeId, { path: "/ok/file.md", content: "original" });
  memoryId = memory.id;
  versionId = memory.memory_version_id;
  before = await writeCounts(tenant.workspace.id);
});
afterAll(() => api.close());

const traversal: [string, string][] = [
  ["dot-dot segment", "/a/../b.md"],
  ["leading dot-dot", "/../etc/passwd"],
  ["trailing dot-dot", "/a/.."],
  ["dot segment", "/a/./b.md"],
  ["percent-encoded dots", "/a/%2e%2e/b.md"],
  ["upper-case percent-encoded dots", "/a/%2E%2E/b.md"],
  ["percent-encoded slash", "/a%2f..%2fb.md"],
  ["percent-encoded backslash", "/a%5cb.md"],
  ["backslash", "/a\\b.md"],
  ["backslash traversal", "/a\\..\\b.md"],
  ["full-width dots", "/a/\uFF0E\uFF0E/b.md"],
  ["full-width slash", "/a\uFF0F..\uFF0Fb.md"],
  ["full-width backslash", "/a\uFF3Cb.md"],
  ["division slash", "/a\u2215b.md"],
  ["one-dot leader", "/a/\u2024\u2024/b.md"],
  ["NUL", "/a\u0000.md"],
  ["NUL then traversal", "/a.md\u0000/../b"],
  ["newline", "/a\n.md"],
  ["bidi override", "/a\u202E.md"],
  ["zero-width space", "/a\u200B.md"],
  ["over 1,024 bytes (ASCII)", "/" + "a".repeat(1024)],
  ["over 1,024 bytes (multi-byte)", "/" + "é".repeat(512)],
  ["non-NFC", "/cafe\u0301.md"],
  ["21 segments", "/s".repeat(21)],
  ["empty segment", "/a//b.md"],
  ["trailing slash", "/a/"],
  ["relative", "a.md"],
  ["empty", ""],
  ["root", "/"],
  ["lone surrogate", "/a\uD800.md"],
];

describe("path traversal and malformed paths", () => {
  it.each(traversal)("create refuses %s", async (_label, path) => {
    const error = await expectErrorResponse(await call(memoriesPath(), { method: "POST", body: { path, content: "x" } }), 400, "invalid_request_error");
    expect(error.message).toMatch(/path/i);
  });

  it.each(traversal)("rename refuses %s", async (_label, path) => {
    await expectErrorResponse(await call(memoryPath(), { method: "POST", body: { path } }), 400, "invalid_request_error");
  });

  // As a prefix these must end in "/"; "/a/" is then a fine prefix, and a lone surrogate cannot be put in a URL.
  const asPrefix = traversal.filter(([label]) => !["trailing slash", "empty", "root", "lone surrogate"].includes(label));
  it.each(asPrefix)("list path_prefix refuses %s", async (_label, path) => {
    const prefix = path.endsWith("/") ? path : `${path}/`;
    await expectErrorResponse(await call(`${memoriesPath()}?path_prefix=${encodeURIComponent(prefix)}`), 400, "invalid_request_error");
  });

  it("20 segments, exactly 1,024 bytes and literal percent signs are fine (in another workspace)", async () => {
    const own = await createTestTenant("bad-input-boundary");
    const store = await api.sdk(own.adminKey).beta.memoryStores.create({ name: "boundary" });
    // "%252e" is stored verbatim: paths are never URL-decoded, so a double encoding cannot turn into "..".
    for (const path of ["/s".repeat(20), "/" + "a".repeat(1023), "/" + "é".repeat(511) + "b", "/100%.md", "/a/%252e%252e/b.md"]) {
      const m = await api.sdk(own.adminKey).beta.memoryStores.memories.create(store.id, { path, content: "" });
      expect(m.path).toBe(path);
    }
  });

  it("traversal in URL path segments finds nothing", async () => {
    for (const path of [
      `/memory_stores/..%2f..%2f/memories`,
      `/memory_stores/%2e%2e/memories`,
      `/memory_stores/${storeId}/memories/..%2f${memoryId}`,
      `/memory_stores/${storeId}/memories/%00`,
      `/memory_stores/${storeId}%00/memories`,
      `/memory_stores/${storeId}/memory_versions/${versionId}%00`,
    ]) {
      const response = await call(path);
      expect([400, 404], path).toContain(response.status);
      await expectErrorResponse(response, response.status, response.status === 400 ? "invalid_request_error" : "not_found_error");
    }
  });
});

describe("NUL and control characters elsewhere", () => {
  it("query filters and cursors with NUL are refused or match nothing, never 500", async () => {
    for (const query of [
      "memory_id=%00",
      "session_id=a%00b",
      "api_key_id=%00",
      "page=%00",
      `page=${Buffer.from(JSON.stringify({ id: "\u0000" })).toString("base64url")}`,
    ]) {
      const response = await call(`/memory_stores/${storeId}/memory_versions?${query}`);
      expect(response.status, query).toBeLessThan(500);
      if (response.status >= 400) await expectErrorResponse(response, 400, "invalid_request_error");
    }
    const cursor = Buffer.from(JSON.stringify({ after: "/a\u0000", inclusive: 0 })).toString("base64url");
    const response = await call(`${memoriesPath()}?page=${cursor}`);
    expect(response.status).toBeLessThan(500);
    if (response.status >= 400) await expectErrorResponse(response, 400, "invalid_request_error");
  });

  it("content with NUL is refused with 400 on every database", async () => {
    await expectErrorResponse(await call(memoriesPath(), { method: "POST", body: { path: "/nul.md", content: "a\u0000b" } }), 400, "invalid_request_error");
    await expectErrorResponse(await call(memoryPath(), { method: "POST", body: { content: "a\u0000b" } }), 400, "invalid_request_error");
  });

  it("store name, description and metadata with NUL are refused", async () => {
    await expectErrorResponse(await call("/memory_stores", { method: "POST", body: { name: "a\u0000" } }), 400, "invalid_request_error");
    await expectErrorResponse(await call("/memory_stores", { method: "POST", body: { name: "ok", description: "a\u0000" } }), 400, "invalid_request_error");
    await expectErrorResponse(await call(`/memory_stores/${storeId}`, { method: "POST", body: { description: "a\u0000" } }), 400, "invalid_request_error");
    const meta = await call("/memory_stores", { method: "POST", body: { name: "ok", metadata: { "k\u0000": "v\u0000" } } });
    expect(meta.status).toBeLessThan(500);
    if (meta.status === 200) await call(`/memory_stores/${meta.body.id}`, { method: "DELETE" });
    else await expectErrorResponse(meta, 400, "invalid_request_error");
  });
});

describe("bodies", () => {
  it("a body over the limit is 413 request_too_large", async () => {
    const big = JSON.stringify({ path: "/big.md", content: "x".repeat(1_100_000) });
    await expectErrorResponse(await call(memoriesPath(), { method: "POST", body: new RawBody(big) }), 413, "request_too_large");
    await expectErrorResponse(await call("/memory_stores", { method: "POST", body: new RawBody(big) }), 413, "request_too_large");
  });

  it("a chunked body over the limit (no Content-Length) is 413 too", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"path":"/chunked.md","content":"'));
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${api.origin}/api/v1${memoriesPath()}`, {
      method: "POST",
      headers: { "x-api-key": tenant.adminKey, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    await expectErrorResponse(response, 413, "request_too_large");
  });

  it("content over 100 kB inside a body under the limit is 413", async () => {
    await expectErrorResponse(
      await call(memoriesPath(), { method: "POST", body: { path: "/big.md", content: "x".repeat(102_401) } }),
      413,
      "request_too_large",
    );
  });

  it.each([
    ["truncated", '{"path": "/a.md", "content": '],
    ["not JSON", "path=/a.md&content=x"],
    ["trailing garbage", '{"path":"/a.md","content":"x"} extra'],
    ["single quotes", "{'path': '/a.md'}"],
    ["empty", ""],
    ["array", '[{"path":"/a.md","content":"x"}]'],
    ["null", "null"],
    ["string", '"hello"'],
    ["number", "42"],
  ])("malformed JSON (%s) is 400", async (_label, raw) => {
    await expectErrorResponse(await call(memoriesPath(), { method: "POST", body: new RawBody(raw) }), 400, "invalid_request_error");
  });

  it("a non-JSON content type is refused", async () => {
    const response = await call(memoriesPath(), {
      method: "POST",
      body: new RawBody(JSON.stringify({ path: "/ct.md", content: "x" })),
      headers: { "content-type": "text/plain" },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    await expectErrorResponse(response, response.status, response.status === 415 ? "invalid_request_error" : "invalid_request_error");
  });

  it.each<[string, () => string, unknown]>([
    ["path as number", memoriesPath, { path: 42, content: "x" }],
    ["content as number", memoriesPath, { path: "/t.md", content: 42 }],
    ["content as array", memoriesPath, { path: "/t.md", content: ["x"] }],
    ["content as object", memoriesPath, { path: "/t.md", content: { text: "x" } }],
    ["missing path", memoriesPath, { content: "x" }],
    ["missing content", memoriesPath, { path: "/t.md" }],
    ["unknown field on create", memoriesPath, { path: "/t.md", content: "x", mode: "0777" }],
    ["unknown field on update", memoryPath, { content: "x", force: true }],
    ["unknown precondition type", memoryPath, { content: "x", precondition: { type: "etag", content_sha256: "a".repeat(64) } }],
    ["unknown precondition field", memoryPath, { content: "x", precondition: { type: "content_sha256", content_sha256: "a".repeat(64), strict: true } }],
    ["precondition without hash", memoryPath, { content: "x", precondition: { type: "content_sha256" } }],
    ["upper-case hash", memoryPath, { content: "x", precondition: { type: "content_sha256", content_sha256: "A".repeat(64) } }],
    ["path as boolean on update", memoryPath, { path: true }],
    ["store name as number", () => "/memory_stores", { name: 123 }],
    ["store without name", () => "/memory_stores", {}],
    ["metadata value as number", () => "/memory_stores", { name: "m", metadata: { a: 1 } }],
    ["metadata as string", () => "/memory_stores", { name: "m", metadata: "a=1" }],
    ["metadata as array", () => "/memory_stores", { name: "m", metadata: ["a"] }],
    ["unknown field on store", () => "/memory_stores", { name: "m", owner: "me" }],
    ["unknown field on store update", () => `/memory_stores/${storeId}`, { archived: true }],
    ["redact with unknown field", () => `/memory_stores/${storeId}/memory_versions/${versionId}/redact`, { everything: true }],
  ])("wrong types / unknown fields: %s → 400", async (_label, target, body) => {
    await expectErrorResponse(await call(target(), { method: "POST", body }), 400, "invalid_request_error");
  });

  it.each([
    ["limit=abc"],
    ["limit=0"],
    ["limit=-1"],
    ["limit=1.5"],
    ["limit=101"],
    ["view=wide"],
    ["depth=abc"],
    ["depth=-1"],
    ["page=%%%"],
    ["path_prefix=notes/"],
  ])("bad list query %s → 400", async (query) => {
    await expectErrorResponse(await call(`${memoriesPath()}?${query}`), 400, "invalid_request_error");
  });

  it.each([["include_archived=maybe"], ["created_at[gte]=yesterday"], ["created_at[lte]=2024-13-45T00:00:00Z"]])(
    "bad store list query %s → 400",
    async (query) => {
      await expectErrorResponse(await call(`/memory_stores?${query}`), 400, "invalid_request_error");
    },
  );

  it("bad delete precondition and bad version filters → 400", async () => {
    await expectErrorResponse(await call(`${memoryPath()}?expected_content_sha256=xyz`, { method: "DELETE" }), 400, "invalid_request_error");
    await expectErrorResponse(await call(`/memory_stores/${storeId}/memory_versions?operation=renamed`), 400, "invalid_request_error");
    await expectErrorResponse(await call(`/memory_stores/${storeId}/memory_versions?created_at[gte]=soon`), 400, "invalid_request_error");
  });

  it("unknown routes and methods are 404 with the envelope", async () => {
    await expectErrorResponse(await call("/nowhere"), 404, "not_found_error");
    await expectErrorResponse(await call(memoriesPath(), { method: "PUT", body: {} }), 404, "not_found_error");
  });
});

describe("credentials", () => {
  it("missing, malformed and unknown keys are 401", async () => {
    await expectErrorResponse(await call(memoriesPath(), { key: null }), 401, "authentication_error");
    await expectErrorResponse(await call(memoriesPath(), { key: null, method: "POST", body: { path: "/x.md", content: "x" } }), 401, "authentication_error");
    await expectErrorResponse(await call(memoriesPath(), { key: "egk_wrong" }), 401, "authentication_error");
    await expectErrorResponse(await call(memoriesPath(), { key: null, headers: { authorization: "Bearer egk_wrong" } }), 401, "authentication_error");
    await expectErrorResponse(await call(memoriesPath(), { key: null, headers: { authorization: "Basic Zm9vOmJhcg==" } }), 401, "authentication_error");
    await expectErrorResponse(await call(memoriesPath(), { key: "x".repeat(10_000) }), 401, "authentication_error");
  });

  it("Authorization: Bearer works like x-api-key", async () => {
    const response = await call(memoriesPath(), { key: null, headers: { authorization: `Bearer ${tenant.adminKey}` } });
    expect(response.status).toBe(200);
  });

  it("a revoked key is 401 from its next request on", async () => {
    const fresh = await createApiKey(tenant.system, { name: "to revoke", kind: "admin" });
    expect((await call(memoriesPath(), { key: fresh.secret })).status).toBe(200);
    await revokeApiKey(tenant.system, fresh.key.id);
    before = await writeCounts(tenant.workspace.id);
    await expectErrorResponse(await call(memoriesPath(), { key: fresh.secret }), 401, "authentication_error");
    await expectErrorResponse(
      await call(memoriesPath(), { key: fresh.secret, method: "POST", body: { path: "/r.md", content: "x" } }),
      401,
      "authentication_error",
    );
  });

  it("a read-only agent key can read but writing is 403", async () => {
    const reader = await tenant.newAgent("reader");
    await tenant.grant(storeId, reader.agent.id, "read_only");
    before = await writeCounts(tenant.workspace.id);
    expect((await call(memoryPath(), { key: reader.key })).status).toBe(200);
    await expectErrorResponse(await call(memoriesPath(), { key: reader.key, method: "POST", body: { path: "/ro.md", content: "x" } }), 403, "permission_error");
    await expectErrorResponse(await call(memoryPath(), { key: reader.key, method: "POST", body: { content: "changed" } }), 403, "permission_error");
    await expectErrorResponse(await call(memoryPath(), { key: reader.key, method: "DELETE" }), 403, "permission_error");
    await expectErrorResponse(
      await call(`/memory_stores/${storeId}/memory_versions/${versionId}/redact`, { key: reader.key, method: "POST" }),
      403,
      "permission_error",
    );
    await expectErrorResponse(await call(`/memory_stores/${storeId}`, { key: reader.key, method: "POST", body: { name: "x" } }), 403, "permission_error");
    await expectErrorResponse(await call(`/memory_stores/${storeId}/archive`, { key: reader.key, method: "POST" }), 403, "permission_error");
    await expectErrorResponse(await call(`/memory_stores/${storeId}`, { key: reader.key, method: "DELETE" }), 403, "permission_error");
  });

  it("an agent key without a grant gets 404 for the store and everything in it", async () => {
    const stranger = await tenant.newAgent("stranger");
    before = await writeCounts(tenant.workspace.id);
    for (const [method, path, body] of [
      ["GET", `/memory_stores/${storeId}`],
      ["GET", memoriesPath()],
      ["GET", memoryPath()],
      ["POST", memoriesPath(), { path: "/s.md", content: "x" }],
      ["POST", memoryPath(), { content: "y" }],
      ["DELETE", memoryPath()],
      ["GET", `/memory_stores/${storeId}/memory_versions`],
      ["GET", `/memory_stores/${storeId}/memory_versions/${versionId}`],
    ] as [string, string, unknown?][]) {
      await expectErrorResponse(await call(path, { key: stranger.key, method, body }), 404, "not_found_error");
    }
    const listed = (await call("/memory_stores", { key: stranger.key })).body as { data: { id: string }[] };
    expect(listed.data.map((s) => s.id)).not.toContain(storeId);
  });

  it("a key of another workspace gets 404 for every object", async () => {
    const other = await createTestTenant("bad-input-other");
    for (const key of [other.adminKey, other.agentKey]) {
      for (const [method, path, body] of [
        ["GET", `/memory_stores/${storeId}`],
        ["POST", `/memory_stores/${storeId}`, { name: "hijacked" }],
        ["POST", `/memory_stores/${storeId}/archive`],
        ["DELETE", `/memory_stores/${storeId}`],
        ["GET", memoriesPath()],
        ["GET", memoryPath()],
        ["POST", memoriesPath(), { path: "/o.md", content: "x" }],
        ["POST", memoryPath(), { content: "y" }],
        ["DELETE", memoryPath()],
        ["GET", `/memory_stores/${storeId}/memory_versions`],
        ["GET", `/memory_stores/${storeId}/memory_versions/${versionId}`],
        ["POST", `/memory_stores/${storeId}/memory_versions/${versionId}/redact`],
      ] as [string, string, unknown?][]) {
        const response = await call(path, { key, method, body });
        // Agent keys lack the store-management scope outright (403); everything else must not leak existence.
        if (key === other.agentKey && response.status === 403) await expectErrorResponse(response, 403, "permission_error");
        else await expectErrorResponse(response, 404, "not_found_error");
      }
    }
  });
});

describe("nothing was written", () => {
  it("leaves stores, memories, versions, audit events and redactions untouched", async () => {
    expect(await writeCounts(tenant.workspace.id)).toEqual(before);
    const memory = await api.sdk(tenant.adminKey).beta.memoryStores.memories.retrieve(memoryId, { memory_store_id: storeId });
    expect(memory).toMatchObject({ path: "/ok/file.md", content: "original", memory_version_id: versionId });
  });
});
