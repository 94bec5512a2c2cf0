// PostgreSQL (issue 14 item 5): the tables that hold content and paths are partitioned by workspace,
// and a redaction's rewrite (VACUUM FULL) takes an ACCESS EXCLUSIVE lock on its own workspace's
// partitions only. While one workspace's partitions are held exactly so, every /api/v1 route of
// another workspace must answer as usual: a query that does not name its workspace would be planned
// over every partition and wait for the locked one, so this test finds any such query on any route.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "@/server/api/routes";
import { partitionsOf } from "@/server/db/workspace-partitions";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { adminJson, makeFixture, send } from "./helpers/matrix";
import { buildPrincipals, type PrincipalName } from "./helpers/principals";
import { fresh, table, type Env } from "./helpers/route-table";

const isPg = process.env.ENGRAM_TEST_DB === "postgresql";
const url = process.env.DATABASE_URL!;
// Far above any route's quiet answer on a loaded machine, far below a lock that is never released.
const BOUND_MS = 8_000;

let api: RunningApi;
let locked: TestTenant;
let env: Env;
let admin: pg.Client;

const within = <T>(promise: Promise<T>, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${BOUND_MS} ms`)), BOUND_MS))]);

/** A tenant whose workspace lives in none of `taken`'s partitions (1 in 16 lands in the same one). */
async function tenantApartFrom(taken: string[]): Promise<TestTenant> {
  for (;;) {
    const tenant = await createTestTenant("partition-bystander");
    const mine = await partitionsOf(admin, tenant.workspace.id);
    if (!mine.some((partition) => taken.includes(partition))) return tenant;
  }
}

beforeAll(async () => {
  if (!isPg) return;
  api = await startApiServer();
  admin = new pg.Client({ connectionString: url });
  await admin.connect();
  locked = await createTestTenant("partition-locked");
  const tenant = await tenantApartFrom(await partitionsOf(admin, locked.workspace.id));
  const principals = await buildPrincipals(tenant, api.origin);
  const seed = await adminJson<{ id: string }>(api.origin, tenant.adminKey, "POST", "/memory_stores", { name: "archive source" });
  await adminJson(api.origin, tenant.adminKey, "POST", `/memory_stores/${seed.id}/memories`, { path: "/a.md", content: "archived\n" });
  const exported = await fetch(`${api.origin}/api/v1/memory_stores/${seed.id}/export`, { headers: { "x-api-key": tenant.adminKey } });
  env = { tenant, principals, origin: api.origin, archive: new Uint8Array(await exported.arrayBuffer()) };
});
afterAll(async () => {
  await admin?.end();
  await api?.close();
});

describe.runIf(isPg)("PostgreSQL: one workspace's partitions locked", () => {
  it("every route of another workspace answers meanwhile, and the locked workspace's writes wait", { timeout: 600_000 }, async () => {
    const lockedStore = await adminJson<{ id: string }>(api.origin, locked.adminKey, "POST", "/memory_stores", { name: "locked" });
    const partitions = await partitionsOf(admin, locked.workspace.id);
    expect(partitions).toHaveLength(5);
    // The write path prepares its statements and, after five runs on a connection, plans them once
    // for any parameters (pg-pool.ts): such a plan of a statement naming a partitioned table would
    // lock every partition. Sequential writes reuse one pooled connection; run each kind of write
    // more than five times there first, so the writes below run on generic plans.
    const warm = await adminJson<{ id: string }>(api.origin, env.tenant.adminKey, "POST", "/memory_stores", { name: "warm plans" });
    for (let i = 0; i < 8; i++) {
      const memory = await adminJson<{ id: string }>(api.origin, env.tenant.adminKey, "POST", `/memory_stores/${warm.id}/memories`, {
        path: `/warm/${i}.md`,
        content: "one\n",
      });
      await adminJson(api.origin, env.tenant.adminKey, "POST", `/memory_stores/${warm.id}/memories/${memory.id}`, { content: "two\n" });
      await adminJson(api.origin, env.tenant.adminKey, "DELETE", `/memory_stores/${warm.id}/memories/${memory.id}`);
    }
    await admin.query("BEGIN");
    // What VACUUM FULL of those partitions holds while it rewrites them.
    await admin.query(`LOCK TABLE ${partitions.map((p) => `"${p}"`).join(", ")} IN ACCESS EXCLUSIVE MODE`);
    const mismatches: string[] = [];
    let requests = 0;
    try {
      const blocked = send(api.origin, {
        method: "POST",
        path: `/memory_stores/${lockedStore.id}/memories`,
        headers: { "x-api-key": locked.adminKey },
        body: { path: "/waits.md", content: "written once the lock is gone" },
      });
      const settledEarly = await Promise.race([blocked.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000))]);
      expect(settledEarly, "a write to the locked workspace answered while its partitions were locked").toBe(false);

      for (const route of allRoutes) {
        const key = `${route.method.toUpperCase()} ${route.path}`;
        const row = table[key];
        const as: PrincipalName = row.codes.admin_key < 300 || row.codes.user_admin >= 300 ? "admin_key" : "user_admin";
        const method = route.method.toUpperCase();
        try {
          const fixture = await within(makeFixture(env.origin, env.tenant, env.principals, `p${fresh()}`), `${key}: its fixture`);
          const call = await within(Promise.resolve(row.call(fixture, env)), `${key}: its set-up`);
          const sent = await within(
            send(env.origin, {
              method,
              path: call.path,
              body: call.body,
              raw: call.raw,
              contentType: call.contentType,
              headers: env.principals.callers[as].headers(method),
            }),
            key,
          );
          requests++;
          if (sent.status !== row.codes[as]) mismatches.push(`${key} as ${as}: expected ${row.codes[as]}, got ${sent.status} ${sent.text.slice(0, 160)}`);
        } catch (error) {
          // A query waiting for the locked partition: name it (and what it waits for), and stop, since what it holds may stall the rest.
          const waiting = await admin.query<{ query: string; waits: string }>(
            `SELECT left(a.query, 300) AS query, (SELECT string_agg(l.relation::regclass::text, ',') FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted) AS waits
               FROM pg_stat_activity a WHERE a.wait_event_type = 'Lock' AND a.datname = current_database()`,
          );
          mismatches.push(`${(error as Error).message}; waiting: ${waiting.rows.map((row) => `${row.query} (for ${row.waits})`).join(" | ")}`);
          break;
        }
      }
      await admin.query("ROLLBACK");
      expect((await blocked).status, "the locked workspace's write, once the lock is gone").toBe(200);
    } finally {
      await admin.query("ROLLBACK").catch(() => undefined);
    }
    console.log(`[partition-isolation] ${requests} requests of another workspace while ${partitions.join(", ")} were locked`);
    expect(mismatches).toEqual([]);
  });
});
