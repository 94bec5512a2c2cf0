// Issue 14 item 4: rate limits are counted in the database, so N instances on one database allow
// the limit once, not N times.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { createSharedRateLimiter } from "@/server/http/shared-rate-limit";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

let tenant: TestTenant;
const servers: SpawnedApi[] = [];

beforeAll(async () => {
  tenant = await createTestTenant("shared-rate-limit");
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.kill("SIGKILL")));
});

describe("rate limits shared through the database", () => {
  it("two limiter instances on one database together allow exactly the limit, whatever their leases", async () => {
    const name = `test-${newId("request")}`;
    const options = { limit: 50, windowMs: 60_000, lease: 7 };
    const [a, b] = [createSharedRateLimiter(name, options), createSharedRateLimiter(name, options)];
    const results = await Promise.all(Array.from({ length: 120 }, (_, i) => (i % 2 ? a : b).hit("key")));
    expect(results.filter((r) => r.ok)).toHaveLength(50);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number) });
    expect(await a.check("key")).toMatchObject({ ok: false });
    // Another key has its own budget; a reset clears the key for every instance.
    expect(await b.hit("other")).toEqual({ ok: true });
    await a.reset("key");
    expect(await b.check("key")).toEqual({ ok: true });
  });

  it("two server processes on one database share one API key's budget (ENGRAM_RATE_LIMIT_PER_MINUTE=20)", async () => {
    const env = { ENGRAM_RATE_LIMIT_PER_MINUTE: "20" };
    servers.push(...(await Promise.all([spawnApiServer({ env }), spawnApiServer({ env })])));
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fetch(`${servers[i % 2].origin}/api/v1/memory_stores`, { headers: { "x-api-key": tenant.adminKey } }).then((res) => res.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });
});
