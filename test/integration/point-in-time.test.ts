// The store as it was at a moment: snapshots of the live listing taken during the test must
// equal the point-in-time listing for that moment, page by page and rolled up by depth.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { getDb } from "@/server/db/client";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let storeId: string;

type Item = {
  type: string;
  id?: string;
  path: string;
  content?: string | null;
  memory_version_id?: string;
  content_sha256?: string | null;
  redacted_at?: string | null;
};
type Snapshot = { at: string; items: Item[] };

const call = (path: string, key = tenant.adminKey) => rest(api.origin, key, "GET", path);

/** Every page of a listing endpoint, following next_page. */
async function all(path: string, query: Record<string, string>) {
  const items: Item[] = [];
  let page: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, ...(page ? { page } : {}) });
    const res = await call(`${path}?${params}`);
    expect(res.status).toBe(200);
    items.push(...res.body.data);
    page = res.body.next_page;
  } while (page);
  return items;
}

const comparable = (items: Item[]) =>
  items.map((i) =>
    i.type === "memory_prefix"
      ? { type: i.type, path: i.path }
      : { id: i.id, path: i.path, content: i.content, version: i.memory_version_id, sha: i.content_sha256 },
  );

const live = (query: Record<string, string> = {}) => all(`/memory_stores/${storeId}/memories`, { view: "full", ...query });
const at = (query: Record<string, string>) => all(`/memory_stores/${storeId}/memories_at`, { view: "full", ...query });

/** The live store right now, and a timestamp strictly after its last write and before the next. */
async function snapshot(): Promise<Snapshot> {
  const items = await live();
  const moment = Date.now();
  while (Date.now() <= moment + 1) await new Promise((resolve) => setImmediate(resolve));
  return { at: new Date(moment).toISOString(), items };
}

const snapshots: Snapshot[] = [];
const ids = { a: "", b: "", c: "", c2: "", aFirst: "", session: "" };
let afterSession: Snapshot;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("point-in-time");
  const admin = api.sdk(tenant.adminKey).beta.memoryStores;
  storeId = (await admin.create({ name: "pit" })).id;
  await tenant.grant(storeId, tenant.agent.id, "read_write");
  const m = admin.memories;

  snapshots.push(await snapshot()); // empty store
  const a = await m.create(storeId, { path: "/a.md", content: "first draft with a leaked SECRET" });
  ids.a = a.id;
  ids.aFirst = a.memory_version_id;
  ids.b = (await m.create(storeId, { path: "/dir/b.md", content: "b1" })).id;
  ids.c = (await m.create(storeId, { path: "/dir/sub/c.md", content: "c1" })).id;
  await m.create(storeId, { path: "/dir/sub/d.md", content: "d1" });
  await m.create(storeId, { path: "/z.md", content: "z1" });
  snapshots.push(await snapshot());

  const { db } = await getDb();
  ids.session = (await db.session.create({ data: { id: newId("session"), workspaceId: tenant.workspace.id, agentId: tenant.agent.id } })).id;
  const agent = api.sdk(tenant.agentKey, { "x-engram-session-id": ids.session }).beta.memoryStores.memories;
  await agent.update(ids.a, { memory_store_id: storeId, content: "a2 by the session" });
  await agent.update(ids.b, { memory_store_id: storeId, path: "/dir/b-renamed.md" });
  afterSession = await snapshot();
  snapshots.push(afterSession);

  await m.delete(ids.c, { memory_store_id: storeId });
  snapshots.push(await snapshot());
  ids.c2 = (await m.create(storeId, { path: "/dir/sub/c.md", content: "c again" })).id;
  await m.update(ids.a, { memory_store_id: storeId, content: "a3" });
  snapshots.push(await snapshot());
});
afterAll(() => api.close());

describe("GET /memory_stores/{id}/memories_at", () => {
  it("equals the live listing at every snapshot, across small pages", async () => {
    for (const snap of snapshots) {
      expect(comparable(await at({ at: snap.at, limit: "2" }))).toEqual(comparable(snap.items));
    }
    expect(snapshots[0].items).toEqual([]);
    expect(snapshots.at(-1)!.items.map((i) => i.path)).toEqual(["/a.md", "/dir/b-renamed.md", "/dir/sub/c.md", "/dir/sub/d.md", "/z.md"]);
  });

  it("rolls up by depth and filters by path prefix like the live listing", async () => {
    const queries: Record<string, string>[] = [
      { depth: "1" },
      { depth: "2", limit: "1" },
      { path_prefix: "/dir/" },
      { path_prefix: "/dir/", depth: "1", limit: "1" },
      { depth: "1", limit: "2" },
    ];
    for (const query of queries) {
      expect(comparable(await at({ at: new Date().toISOString(), ...query }))).toEqual(comparable(await live(query)));
    }
    const old = await at({ at: snapshots[1].at, depth: "1" });
    expect(old.map((i) => [i.type, i.path])).toEqual([
      ["memory", "/a.md"],
      ["memory_prefix", "/dir/"],
      ["memory", "/z.md"],
    ]);
  });

  it("shows the store right after a session's last write", async () => {
    const res = await call(`/memory_stores/${storeId}/memories_at?session_id=${ids.session}&view=full`);
    expect(res.status).toBe(200);
    expect(comparable(res.body.data)).toEqual(comparable(afterSession.items));
    expect(res.body.as_of).toMatchObject({ session_id: ids.session });
  });

  it("shows a redacted version without content or hash", async () => {
    const redact = await fetch(`${api.origin}/api/v1/memory_stores/${storeId}/memory_versions/${ids.aFirst}/redact`, {
      method: "POST",
      headers: { "x-api-key": tenant.adminKey, "content-type": "application/json" },
      body: "{}",
    });
    expect(redact.status).toBe(200);
    const items = await at({ at: snapshots[1].at });
    const a = items.find((i) => i.id === ids.a)!;
    expect(a).toMatchObject({ path: "/a.md", content: null, content_sha256: null, memory_version_id: ids.aFirst });
    expect(a.redacted_at).not.toBeNull();
    expect(JSON.stringify(items)).not.toContain("SECRET");
  });

  it("refuses ambiguous or missing moments, bad cursors, and other workspaces", async () => {
    const base = `/memory_stores/${storeId}/memories_at`;
    expect((await call(base)).status).toBe(400);
    expect((await call(`${base}?at=${snapshots[1].at}&session_id=${ids.session}`)).status).toBe(400);
    expect((await call(`${base}?at=yesterday`)).status).toBe(400);
    expect((await call(`${base}?at=${snapshots[1].at}&page=garbage`)).status).toBe(400);
    expect((await call(`${base}?session_id=sesn_${"0".repeat(26)}`)).status).toBe(404);
    const other = await createTestTenant("pit-other");
    const foreign = await call(`${base}?at=${snapshots[1].at}`, other.adminKey);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.type).toBe("not_found_error");
  });
});

describe("GET /memory_stores/{id}/memories/{memory_id}/at", () => {
  const one = (memoryId: string, query: string) => call(`/memory_stores/${storeId}/memories/${memoryId}/at?${query}`);

  it("returns one memory's content at a moment", async () => {
    const res = await one(ids.b, `at=${snapshots[1].at}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: "memory", id: ids.b, path: "/dir/b.md", content: "b1", as_of: { at: expect.any(String) } });
    expect((await one(ids.a, `session_id=${ids.session}`)).body.content).toBe("a2 by the session");
    expect((await one(ids.a, `at=${snapshots.at(-1)!.at}`)).body.content).toBe("a3");
  });

  it("404 before the memory existed and while it was deleted", async () => {
    const before = await one(ids.a, `at=${snapshots[0].at}`);
    expect(before.status).toBe(404);
    expect(before.body.error.message).toMatch(/did not exist/);
    const gone = await one(ids.c, `at=${snapshots[3].at}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toMatch(/deleted/);
    expect((await one(ids.c2, `at=${snapshots[3].at}`)).status).toBe(404);
    expect((await one(ids.c2, `at=${snapshots[4].at}`)).body.content).toBe("c again");
  });
});
