// After a redaction the removed text must not survive in the database files: SQLite's main file,
// -wal and -journal; PostgreSQL's dump and (with pageinspect) the raw heap pages.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { getDb } from "@/server/db/client";
import { sqliteFilePath } from "@/server/db/sqlite-file";
import { scrubDatabaseFiles } from "@/server/db/scrub";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

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

/** Every place on disk (or in a dump) the secret could still be. */
async function leaks(secret: string): Promise<string[]> {
  const needle = Buffer.from(secret);
  const found: string[] = [];
  if (!isPg) {
    const file = sqliteFilePath(url);
    for (const f of [file, `${file}-wal`, `${file}-journal`, `${file}-shm`]) if (existsSync(f) && readFileSync(f).includes(needle)) found.push(f);
    return found;
  }
  const dump = execFileSync("pg_dump", ["--data-only", url], { maxBuffer: 1 << 30 });
  if (dump.includes(needle)) found.push("pg_dump");
  const { db } = await getDb();
  const tables = await db.$queryRawUnsafe<{ rel: string }[]>(
    `SELECT c.oid::regclass::text AS rel FROM pg_class c WHERE c.oid IN ('"MemoryVersion"'::regclass, '"Memory"'::regclass)
     UNION SELECT t.oid::regclass::text FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.oid IN ('"MemoryVersion"'::regclass, '"Memory"'::regclass)`,
  );
  for (const { rel } of tables) {
    const pages = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT pg_relation_size('${rel}') / current_setting('block_size')::int AS n`);
    for (let page = 0; page < Number(pages[0].n); page++) {
      // Whole raw pages, dead tuples and free space included.
      const rows = await db.$queryRawUnsafe<{ raw: Buffer }[]>(`SELECT get_raw_page('${rel}', ${page}) AS raw`);
      if (Buffer.from(rows[0].raw).includes(needle)) found.push(`${rel} page ${page}`);
    }
  }
  return found;
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("really-gone");
  if (isPg) {
    const { db } = await getDb();
    await db.$executeRawUnsafe("CREATE EXTENSION IF NOT EXISTS pageinspect");
  }
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
    expect((await leaks(secret)).length).toBeGreaterThan(0);

    const res = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "text", query: secret, store_id: store.id, reason: "leaked token" });
    expect(res.status).toBe(200);
    expect(await leaks(secret)).toEqual([]);

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
    expect((await leaks(secret)).length).toBeGreaterThan(0);
    const res = await call(tenant.adminKey, "POST", "/redaction/redact", { mode: "version", version_ids: [first.id], reason: "aws key" });
    expect(res.status).toBe(200);
    expect(await leaks(secret)).toEqual([]);
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
    const scrub = await scrubDatabaseFiles();
    const { db } = await getDb();
    const versions = await db.memoryVersion.count();
    console.log(
      `[really-gone] ${isPg ? "postgresql" : "sqlite"}: text redaction of ${N} versions (incl. scrub) ${total.toFixed(0)} ms; a scrub alone over ${versions} versions ${scrub.ms.toFixed(0)} ms (attempts ${scrub.attempts})`,
    );
    expect(scrub.ok).toBe(true);
    expect(await leaks(secret)).toEqual([]);
  });
});
