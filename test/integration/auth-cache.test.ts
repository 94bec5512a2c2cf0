// The authorization caches on the request hot path (server/auth/auth-cache.ts): requests that miss
// together share one load, a write during a load is never hidden by it, and recording a key's use
// (lastUsedAt, once a minute) drops no cache here or, announced, on other instances.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authCache } from "@/server/auth/auth-cache";
import { resolveApiKey } from "@/server/auth/resolve-api-key";
import { getDb } from "@/server/db/client";
import { bumpTable, hearingOthers, setHearingOthers, tablesGeneration } from "@/server/db/write-watch";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

let tenant: TestTenant;
let heard: boolean;

beforeAll(async () => {
  tenant = await createTestTenant("auth-cache");
  // On PostgreSQL the caches are used while other instances' writes are heard; this process stands in for one that hears them.
  heard = hearingOthers();
  setHearingOthers(true);
});
afterAll(() => setHearingOthers(heard));

/** A load that takes a moment and counts its calls: its value is how many loads ran. */
function countingLoad() {
  const counter = {
    loads: 0,
    load: async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return ++counter.loads;
    },
  };
  return counter;
}

describe("authorization caches", () => {
  it("requests that miss together share one load", async () => {
    const cache = authCache<number>("auth-cache-test-shared", ["AuthCacheTestShared"]);
    const counter = countingLoad();
    const values = await Promise.all(Array.from({ length: 16 }, () => cache("key", counter.load)));
    expect(values).toEqual(new Array(16).fill(1));
    expect(counter.loads).toBe(1);
  });

  it("a write during a load makes later requests load again instead of joining it", async () => {
    const cache = authCache<number>("auth-cache-test-fresh", ["AuthCacheTestFresh"]);
    const counter = countingLoad();
    const first = cache("key", counter.load);
    bumpTable("AuthCacheTestFresh");
    const second = cache("key", counter.load);
    expect([await first, await second]).toEqual([1, 2]);
    expect(await cache("key", counter.load)).toBe(2); // the second load's value, read after the write, is kept
  });

  it("records a key's use once for requests that arrive together, without dropping the caches", async () => {
    const { db } = await getDb();
    await db.apiKey.update({ where: { id: tenant.agentKeyId }, data: { lastUsedAt: null } });
    const before = tablesGeneration(["ApiKey"]);
    const began = Date.now();
    const principals = await Promise.all(Array.from({ length: 16 }, () => resolveApiKey(tenant.agentKey, null)));
    expect(principals.every((p) => p.apiKeyId === tenant.agentKeyId)).toBe(true);
    expect(tablesGeneration(["ApiKey"])).toBe(before);
    const key = await db.apiKey.findUniqueOrThrow({ where: { id: tenant.agentKeyId } });
    expect(key.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(began - 1000);
  });
});
