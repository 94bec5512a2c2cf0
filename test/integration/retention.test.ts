// Retention (issue 18 item 4): a store's policy removes expired versions physically — exactly the
// expected ones on a dataset with known ages, never a head or a memory's newest keep_latest, never
// under a legal hold — and the removed text is gone from the database files, as after a redaction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { getDb } from "@/server/db/client";
import { liftHold } from "@/server/holds/lift-hold";
import { placeHold } from "@/server/holds/place-hold";
import { retentionJobRemoved, retentionJobSettled, startRetentionJob } from "@/server/retention/retention-job";
import { runRetention } from "@/server/retention/run-retention";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { cli } from "./helpers/cli";
import { dbLeaks, enablePageInspect } from "./helpers/db-leaks";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
const DAY = 86_400_000;
const now = new Date();

const call = (method: string, route: string, body?: unknown, key = tenant.adminKey) => rest(api.origin, key, method, route, body);

type Version = { id: string; text: string; ageDays: number };

/**
 * A memory whose versions have the given ages (days, oldest first), each holding its own unique
 * text; the last one (or a delete, with `deleted`) is the head.
 */
async function memoryWithAges(store: string, name: string, ages: number[], options: { deleted?: boolean } = {}) {
  const versions: Version[] = [];
  const texts = ages.map((_, i) => `RET-${name}-${i}-${newId("request").slice(-10)}`);
  const text = (i: number) => texts[i];
  const first = (await call("POST", `/memory_stores/${store}/memories`, { path: `/${name}.md`, content: `${text(0)}\n` })).body;
  versions.push({ id: first.memory_version_id, text: `${text(0)}`, ageDays: 0 });
  let content = `${text(0)}`;
  for (let i = 1; i < ages.length; i++) {
    const last = options.deleted && i === ages.length - 1;
    if (last) {
      await call("DELETE", `/memory_stores/${store}/memories/${first.id}`);
      const list = (await call("GET", `/memory_stores/${store}/memory_versions?memory_id=${first.id}&limit=100`)).body.data;
      versions.push({ id: list[0].id, text: "", ageDays: 0 });
      continue;
    }
    content = text(i);
    const updated = (await call("POST", `/memory_stores/${store}/memories/${first.id}`, { content: `${content}\n` })).body;
    versions.push({ id: updated.memory_version_id, text: content, ageDays: 0 });
  }
  const { db } = await getDb();
  for (const [i, v] of versions.entries()) {
    v.ageDays = ages[i];
    await db.memoryVersion.update({ where: { id: v.id }, data: { createdAt: new Date(now.getTime() - ages[i] * DAY) } });
  }
  return { memoryId: first.id as string, versions };
}

async function remainingVersionIds(store: string): Promise<string[]> {
  const { db } = await getDb();
  return (await db.memoryVersion.findMany({ where: { storeId: store }, select: { id: true }, orderBy: { id: "asc" } })).map((v) => v.id);
}

const system = () => tenant.system;

let store: string;
let plain: string;
let heldStore: string;
let m1: Awaited<ReturnType<typeof memoryWithAges>>;
let m2: Awaited<ReturnType<typeof memoryWithAges>>;
let m3: Awaited<ReturnType<typeof memoryWithAges>>;
let m4: Awaited<ReturnType<typeof memoryWithAges>>;
let expected: Version[];
let memoryHoldId: string;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("retention");
  await enablePageInspect();
  store = (await call("POST", "/memory_stores", { name: "retained", retention: { version_days: 30, keep_latest: 1 } })).body.id;
  plain = (await call("POST", "/memory_stores", { name: "keeps everything" })).body.id;
  heldStore = (await call("POST", "/memory_stores", { name: "held store", retention: { version_days: 30, keep_latest: 0 } })).body.id;
  m1 = await memoryWithAges(store, "m1", [100, 80, 60, 40, 20, 5]); // v1-v4 expired; v5 is recent, v6 the head
  m2 = await memoryWithAges(store, "m2", [200, 150, 100]); // v1, v2 expired; v3 the head (and newest 1)
  m3 = await memoryWithAges(store, "m3", [90, 70], { deleted: true }); // v1 expired; the tombstone is the head
  m4 = await memoryWithAges(store, "m4", [100, 90, 5]); // under a memory hold: nothing goes
  expected = [...m1.versions.slice(0, 4), ...m2.versions.slice(0, 2), m3.versions[0]];
  await memoryWithAges(plain, "p1", [400, 300, 1]);
  await memoryWithAges(heldStore, "h1", [400, 300, 1]);
  const compliance = await tenant.user("compliance");
  memoryHoldId = (await placeHold(compliance.ctx, { storeId: store, memoryId: m4.memoryId, reason: "keep m4" })).id;
  await placeHold(compliance.ctx, { storeId: heldStore, reason: "keep the whole store" });
});
afterAll(() => api.close());

describe("retention policy", () => {
  it("is set on create and update, with the Managed Agents preset, and refused when out of range", async () => {
    const created = await call("POST", "/memory_stores", { name: "preset", retention: { preset: "managed_agents" } });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body)).not.toContain("retention"); // the SDK's store object is unchanged
    const policy = await call("GET", `/memory_stores/${created.body.id}/retention`);
    expect(policy.body.policy).toEqual({ version_days: 30, keep_latest: 10 });
    expect((await call("POST", `/memory_stores/${created.body.id}`, { retention: { version_days: null } })).status).toBe(200);
    expect((await call("GET", `/memory_stores/${created.body.id}/retention`)).body.policy).toEqual({ version_days: null, keep_latest: 0 });
    const bad = await call("POST", `/memory_stores/${created.body.id}/retention`, { version_days: 0, keep_latest: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/version_days/);
    expect((await call("POST", `/memory_stores/${created.body.id}/retention`, { version_days: 7, keep_latest: -1 })).status).toBe(400);
    const set = await call("POST", `/memory_stores/${created.body.id}/retention`, { version_days: 7, keep_latest: 3 });
    expect(set.body.policy).toEqual({ version_days: 7, keep_latest: 3 });
    expect((await call("POST", `/memory_stores/${created.body.id}/retention`, { preset: "managed_agents" }, tenant.agentKey)).status).toBe(403);
  });

  it("the store's retention endpoint previews exactly what the next run removes", async () => {
    const preview = (await call("GET", `/memory_stores/${store}/retention`)).body;
    expect(preview.policy).toEqual({ version_days: 30, keep_latest: 1 });
    expect(preview.next_run.versions_removed).toBe(expected.length);
    expect(preview.next_run.memories_affected).toBe(3);
    expect(preview.next_run.held).toEqual({ store: false, hold_ids: [memoryHoldId] });
    expect(preview.next_run.versions.map((v: { id: string }) => v.id)).toEqual(expected.map((v) => v.id).sort());
  });

  it("`retention run --dry-run` lists the expected versions and removes nothing", async () => {
    const before = await remainingVersionIds(store);
    const runs = JSON.parse((await cli(["retention", "run", "--dry-run", "--workspace", tenant.workspace.id, "--json"])).stdout);
    const mine = runs[0].stores.find((s: { memory_store_id: string }) => s.memory_store_id === store);
    expect(mine.version_ids).toEqual(expected.map((v) => v.id).sort());
    expect(runs[0].stores.find((s: { memory_store_id: string }) => s.memory_store_id === heldStore)).toMatchObject({
      versions_removed: 0,
      held: { store: true },
    });
    expect((await cli(["retention", "run", "--dry-run", "--workspace", tenant.workspace.id])).stdout).toContain(`Would remove ${expected.length} version(s)`);
    expect(await remainingVersionIds(store)).toEqual(before);
  });

  it("the background job (with an injected clock) removes exactly the expected versions, and their text is gone from the database files", async () => {
    for (const v of expected) expect((await dbLeaks(v.text)).length).toBeGreaterThan(0);
    const before = await remainingVersionIds(store);
    const plainBefore = await remainingVersionIds(plain);
    const heldBefore = await remainingVersionIds(heldStore);
    // Waits on the job's own counter, not on database queries: a query whose snapshot predates the
    // removal would keep the dead rows through PostgreSQL's VACUUM FULL.
    const stop = startRetentionJob({ intervalMs: 25, clock: () => now });
    try {
      await expect.poll(retentionJobRemoved, { timeout: 20_000, interval: 25 }).toBe(expected.length);
    } finally {
      stop();
    }
    await retentionJobSettled(); // its scrub included
    const gone = new Set(expected.map((v) => v.id));
    expect(await remainingVersionIds(store)).toEqual(before.filter((id) => !gone.has(id)));
    expect(await remainingVersionIds(plain)).toEqual(plainBefore);
    expect(await remainingVersionIds(heldStore)).toEqual(heldBefore);
    // Heads, newest versions and held memories stay readable.
    for (const m of [m1, m2, m4]) expect((await call("GET", `/memory_stores/${store}/memories/${m.memoryId}`)).status).toBe(200);
    expect((await call("GET", `/memory_stores/${store}/memory_versions/${m1.versions[4].id}?view=full`)).body.content).toBe(`${m1.versions[4].text}\n`);
    expect((await call("GET", `/memory_stores/${store}/memory_versions/${expected[0].id}`)).status).toBe(404);
    // The bytes are gone from the database files (SQLite main file and WAL; PostgreSQL dump and raw pages).
    expect((await Promise.all(expected.map((v) => dbLeaks(v.text)))).flat()).toEqual([]);
    for (const v of [m1.versions[4], m1.versions[5], m4.versions[0]]) expect((await dbLeaks(v.text)).length).toBeGreaterThan(0);
  });

  it("records an audit event with counts", async () => {
    const events = (await call("GET", `/audit_events?limit=100&action=retention.run`)).body.data;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "retention.run",
      target: { type: "memory_store", id: store },
      data: { policy: { version_days: 30, keep_latest: 1 }, versions_removed: expected.length, memories_affected: 3, held_hold_ids: [memoryHoldId] },
    });
  });

  it("two runs at once (two instances) remove nothing more; lifting the hold lets the next run take the held memory's expired versions", async () => {
    const before = await remainingVersionIds(store);
    const [a, b] = await Promise.all([runRetention(system(), { dryRun: false, now }), runRetention(system(), { dryRun: false, now })]);
    expect(a.versions_removed + b.versions_removed).toBe(0);
    expect(await remainingVersionIds(store)).toEqual(before);
    const compliance = await tenant.user("compliance");
    await liftHold(compliance.ctx, memoryHoldId, { reason: "released" });
    const [c, d] = await Promise.all([runRetention(system(), { dryRun: false, now }), runRetention(system(), { dryRun: false, now })]);
    // m4: v1 (100 days) and v2 (90 days) expired; v3 is its head and newest.
    expect(c.versions_removed + d.versions_removed).toBe(2);
    const taken = new Set([m4.versions[0].id, m4.versions[1].id]);
    expect(await remainingVersionIds(store)).toEqual(before.filter((id) => !taken.has(id)));
  });
});
