// Full-text search over current files (GET /api/v1/search): live content only, never history,
// only the stores the caller may read, kept in step with every kind of write by the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { searchResponseSchema } from "@/server/api/routes/search";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { enablePageInspect, leaksAfterScrub } from "./helpers/db-leaks";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest, type Reply } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let other: TestTenant;
let storeA: string;
let storeB: string;
let agentKey: string;

const call = (method: string, path: string, key: string, body?: unknown) => rest(api.origin, key, method, path, body);

async function search(key: string, q: string, extra = ""): Promise<Reply> {
  const res = await call("GET", `/search?q=${encodeURIComponent(q)}${extra}`, key);
  if (res.status === 200) searchResponseSchema.parse(res.body);
  return res;
}

const paths = (reply: Reply) => (reply.body.data as { path: string }[]).map((hit) => hit.path).sort();

async function write(storeId: string, path: string, content: string) {
  const res = await call("POST", `/memory_stores/${storeId}/memories`, tenant.adminKey, { path, content });
  expect(res.status).toBe(200);
  return res.body as { id: string; memory_version_id: string };
}

beforeAll(async () => {
  api = await startApiServer();
  await enablePageInspect();
  tenant = await createTestTenant("search");
  other = await createTestTenant("search-other");
  storeA = (await call("POST", "/memory_stores", tenant.adminKey, { name: "search A" })).body.id;
  storeB = (await call("POST", "/memory_stores", tenant.adminKey, { name: "search B" })).body.id;
  const reader = await tenant.newAgent();
  await tenant.grant(storeA, reader.agent.id, "read_only");
  agentKey = reader.key;
  await write(storeA, "/notes/retry.md", "# Retry\nThe RetryPolicy waits.\nUse exponential backoff for the flaky_upstream service.\n");
  await write(storeB, "/b/upstream.md", "flaky_upstream lives in store B too\n");
  // Another workspace's file with the same words must never show up.
  const foreign = (await call("POST", "/memory_stores", other.adminKey, { name: "foreign" })).body.id;
  await call("POST", `/memory_stores/${foreign}/memories`, other.adminKey, { path: "/x.md", content: "flaky_upstream foreign\n" });
});
afterAll(() => api.close());

describe("GET /search", () => {
  it("finds current files with the line, a snippet and highlighted ranges", async () => {
    const reply = await search(tenant.adminKey, "exponential backoff");
    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual([
      {
        memory_store_id: storeA,
        memory_id: expect.any(String),
        path: "/notes/retry.md",
        line: 3,
        snippet: "Use exponential backoff for the flaky_upstream service.",
        highlights: [
          [4, 15],
          [16, 23],
        ],
      },
    ]);
    expect(reply.body.next_page).toBeNull();
  });

  it("matches word prefixes and a word's parts in a row, case-insensitively", async () => {
    expect(paths(await search(tenant.adminKey, "expon"))).toEqual(["/notes/retry.md"]);
    expect(paths(await search(tenant.adminKey, "FLAKY_UP"))).toEqual(["/b/upstream.md", "/notes/retry.md"]);
    expect(paths(await search(tenant.adminKey, "upstream_flaky"))).toEqual([]);
    expect(paths(await search(tenant.adminKey, "backoff zebra"))).toEqual([]);
  });

  it("narrows to one store with store_id", async () => {
    expect(paths(await search(tenant.adminKey, "flaky_upstream", `&store_id=${storeB}`))).toEqual(["/b/upstream.md"]);
  });

  it("gives an agent key only the stores it is granted, and 404 for another", async () => {
    expect(paths(await search(agentKey, "flaky_upstream"))).toEqual(["/notes/retry.md"]);
    expect((await search(agentKey, "flaky_upstream", `&store_id=${storeB}`)).status).toBe(404);
    expect((await search(other.adminKey, "flaky_upstream", `&store_id=${storeA}`)).status).toBe(404);
    expect(paths(await search(other.adminKey, "exponential"))).toEqual([]);
  });

  it("follows updates, renames and deletes, and never searches history", async () => {
    const memory = await write(storeA, "/cycle.md", "alpha marmalade\n");
    expect(paths(await search(tenant.adminKey, "marmalade"))).toEqual(["/cycle.md"]);
    expect((await call("POST", `/memory_stores/${storeA}/memories/${memory.id}`, tenant.adminKey, { content: "beta quince\n" })).status).toBe(200);
    expect(paths(await search(tenant.adminKey, "marmalade"))).toEqual([]);
    expect(paths(await search(tenant.adminKey, "quince"))).toEqual(["/cycle.md"]);
    expect((await call("POST", `/memory_stores/${storeA}/memories/${memory.id}`, tenant.adminKey, { path: "/renamed.md" })).status).toBe(200);
    expect(paths(await search(tenant.adminKey, "quince"))).toEqual(["/renamed.md"]);
    expect((await call("DELETE", `/memory_stores/${storeA}/memories/${memory.id}`, tenant.adminKey)).status).toBe(200);
    expect(paths(await search(tenant.adminKey, "quince"))).toEqual([]);
  });

  it("keeps no word of overwritten, redacted text: not in results nor in the index's pages", async () => {
    // A word no other indexed term starts like, so FTS5's prefix compression stores it whole.
    const memory = await write(storeA, "/leak.md", "token qqxjvsecret here\n");
    expect(paths(await search(tenant.adminKey, "qqxjvsecret"))).toEqual(["/leak.md"]);
    expect((await call("POST", `/memory_stores/${storeA}/memories/${memory.id}`, tenant.adminKey, { content: "token gone\n" })).status).toBe(200);
    const redacted = await call("POST", `/memory_stores/${storeA}/memory_versions/${memory.memory_version_id}/redact`, tenant.adminKey, { reason: "leak" });
    expect(redacted.status).toBe(200);
    // Checked before any search runs: the redaction itself must have cleaned the index.
    const { db, dialect } = await getDb();
    const remaining =
      dialect === "sqlite"
        ? await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*) AS n FROM "MemorySearch_data" WHERE instr("block", CAST('qqxjvsecret' AS BLOB)) > 0`)
        : await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "Memory" WHERE "searchWords" @@ 'qqxjvsecret'::tsquery`);
    expect(Number(remaining[0].n)).toBe(0);
    // PostgreSQL: nor in the GIN index's pages (the redaction's rewrite rebuilds them from live rows only).
    if (dialect === "postgresql") expect(await leaksAfterScrub("qqxjvsecret", ['"Memory_search_idx"'])).toEqual([]);
    expect(paths(await search(tenant.adminKey, "qqxjvsecret"))).toEqual([]);
  });

  it("pages with next_page", async () => {
    for (let i = 0; i < 5; i++) await write(storeB, `/page/${i}.md`, `pagination kumquat ${i}\n`);
    const first = await search(tenant.adminKey, "kumquat", "&limit=3");
    expect(first.body.data).toHaveLength(3);
    expect(first.body.next_page).toEqual(expect.any(String));
    const second = await search(tenant.adminKey, "kumquat", `&limit=3&page=${first.body.next_page}`);
    expect(second.body.data).toHaveLength(2);
    expect(second.body.next_page).toBeNull();
    expect([...paths(first), ...paths(second)].sort()).toEqual(["/page/0.md", "/page/1.md", "/page/2.md", "/page/3.md", "/page/4.md"]);
  });

  it("refuses a query without words, an invalid cursor and an unauthenticated caller", async () => {
    expect((await search(tenant.adminKey, "--- ***")).status).toBe(400);
    expect((await search(tenant.adminKey, "kumquat", "&page=bogus")).status).toBe(400);
    expect((await call("GET", "/search?q=kumquat", "sk-not-a-key")).status).toBe(401);
  });

  it("treats FTS and tsquery syntax in the query as plain words", async () => {
    for (const q of ['"exponential', "exponential OR zebra", "backoff:* & !x", "NEAR(a b)", "a*", "(", "'"]) {
      const reply = await search(tenant.adminKey, q);
      expect(reply.status, q).toBeLessThan(500);
    }
    expect(paths(await search(tenant.adminKey, '"exponential"'))).toEqual(["/notes/retry.md"]);
  });
});
