// One process holds two copies of server/ (the API under tsx, the pages in Next's bundle). Their
// caches, counters and queues must be one (issue 19 item 2): the page side's auth cache has to see
// the API side's writes. vi.resetModules() gives this test a second copy of the modules.
import { expect, it, onTestFinished, vi } from "vitest";

it("two module copies of server/ share one auth cache and one write watch", async () => {
  const before = process.env.ENGRAM_AUTH_CACHE_MS;
  process.env.ENGRAM_AUTH_CACHE_MS = "600000";
  onTestFinished(() => {
    if (before === undefined) delete process.env.ENGRAM_AUTH_CACHE_MS;
    else process.env.ENGRAM_AUTH_CACHE_MS = before;
  });
  vi.resetModules();
  const a = { cache: await import("@/server/auth/auth-cache"), watch: await import("@/server/db/write-watch") };
  vi.resetModules();
  const b = { cache: await import("@/server/auth/auth-cache"), watch: await import("@/server/db/write-watch") };
  expect(a.cache).not.toBe(b.cache);
  // On PostgreSQL the cache is used only while the relay hears other instances; stand in for it.
  const hearing = a.watch.hearingOthers();
  a.watch.setHearingOthers(true);
  onTestFinished(() => a.watch.setHearingOthers(hearing));

  let loads = 0;
  const load = async () => ++loads;
  const pages = a.cache.authCache<number>("process-state-test", ["ProcessStateTest"]);
  const api = b.cache.authCache<number>("process-state-test", ["ProcessStateTest"]);
  expect(await pages("key", load)).toBe(1);
  expect(await api("key", load)).toBe(1); // one cache: the API copy reuses what the pages copy loaded
  b.watch.bumpTable("ProcessStateTest"); // the API copy writes the table
  expect(await pages("key", load)).toBe(2); // and the pages copy drops its entry at once
});
