// PostgreSQL (issue 14): sealing moves an event's seq from its pending (negative) value to its place
// in the chain, which leaves the old (workspaceId, seq) index entry dead until a vacuum — and
// autovacuum may be off, or far behind on a big table. The sealer's read of the unsealed events must
// not step over all of them on every pass: it reads only above the pending numbers this process
// had sealed a second before, and a periodic full sweep, verification and the export still find
// an event that stayed unsealed below that bound (server/audit/seal-audit-events.ts). The sweep's
// check of every workspace reads each one's unsealed range through the index, never its partition.
import { beforeAll, describe, expect, it } from "vitest";
import { dataDigest, HASH_VERSION } from "@/server/audit/event-hash";
import { exportAuditEvents } from "@/server/audit/export-audit-events";
import { LOOKBACK_MS, sealWorkspace, sweepUnsealed } from "@/server/audit/seal-audit-events";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { getDb } from "@/server/db/client";
import { createMemory } from "@/server/memory/create-memory";
import { createStore } from "@/server/stores/create-store";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { buffersOf } from "./helpers/explain";
import { statementsOf } from "./helpers/pg-statements";
import { unsealedEvents, untilSealed } from "./helpers/unsealed";

const isPg = process.env.ENGRAM_TEST_DB === "postgresql";
const OLD_EVENTS = 20_000;
let tenant: TestTenant;

/** Inserts `count` unsealed events the way writers do (seq = -nextval), named `${prefix}-1…`. */
async function insertUnsealed(prefix: string, count: number, seq = `-nextval('"AuditEvent_pending_seq"')`): Promise<void> {
  const { db } = await getDb();
  await db.$executeRawUnsafe(
    `INSERT INTO "AuditEvent" ("id", "workspaceId", "seq", "createdAt", "actorType", "actorId", "action", "data", "dataSha256", "hashVersion", "prevHash", "hash")
     SELECT $2 || '-' || g, $1, ${seq}, now(), 'system', 'test', 'retention.run', '{}', $3, $4, '', '' FROM generate_series(1, $5::int) g`,
    tenant.workspace.id,
    prefix,
    dataDigest("{}"),
    HASH_VERSION,
    count,
  );
}

/** The check of every workspace that a sweep sent (none, or one), with its parameters. */
async function sweepChecks(scope: "recent" | "all"): Promise<{ sql: string; values: unknown[] }[]> {
  const { statements, values } = await statementsOf(() => sweepUnsealed(scope));
  return statements.flatMap((sql, i) => (sql.includes(`FROM "Workspace" w`) ? [{ sql, values: values[i] }] : []));
}

beforeAll(async () => {
  if (!isPg) return;
  tenant = await createTestTenant("seal-dead-entries");
  // 20,000 events sealed: 20,000 dead index entries below the pending numbers still to come.
  await insertUnsealed("old", OLD_EVENTS);
  expect(await sealWorkspace(tenant.workspace.id)).toBe(OLD_EVENTS);
  // A pass reads above what was sealed LOOKBACK_MS before it.
  await new Promise((resolve) => setTimeout(resolve, LOOKBACK_MS + 100));
}, 120_000);

describe.runIf(isPg)("PostgreSQL: the sealer and the dead index entries of earlier seals", () => {
  it("reads the unsealed events without stepping over the entries of the 20,000 events sealed before", async () => {
    const store = await createStore(tenant.system, { name: "dead-entries" });
    const { statements, values } = await statementsOf(async () => {
      await createMemory(tenant.system, store.id, { path: "/a.md", content: "a" });
      await untilSealed(tenant.workspace.id);
    });
    const reads = statements.flatMap((sql, i) => (sql.includes(`"seq" AS "pendingSeq"`) ? [{ sql, values: values[i] }] : []));
    expect(reads.length, "the write's seal read the unsealed events").toBeGreaterThanOrEqual(1);
    // The same read again, now that nothing waits: what it costs is the walk to the unsealed range.
    // Over 20,000 dead entries that is over a hundred index pages; above the bound, a few.
    for (const read of reads) expect(await buffersOf(read.sql, read.values)).toBeLessThan(40);
  });

  it("the sweep checks each workspace through its index: it never scans a partition's audit log", async () => {
    // Before: the check was EXISTS (… "seq" < bound); the planner, guessing a third of the rows
    // match, scanned the partition for the first one — every sealed event of every workspace in
    // it, for each workspace, every second (17 s per sweep on a copy of the bench's database given
    // 10,000 workspaces).
    const check = async (scope: "recent" | "all") => {
      await insertUnsealed(`waiting-${scope}`, 1); // a number drawn since the last sweep: a recent one checks
      const statements = await sweepChecks(scope);
      expect(statements.length, `the ${scope} sweep checked the workspaces`).toBe(1);
      return buffersOf(statements[0].sql, statements[0].values);
    };
    const { db } = await getDb();
    // With statistics, as autovacuum leaves them: the planner then knows how many events the workspace has.
    await db.$executeRawUnsafe(`ANALYZE "AuditEvent"`);
    const [{ n: workspaces }] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "Workspace"`);
    // A few index pages per workspace; a scan of this workspace's partition alone is over 500.
    expect(await check("recent")).toBeLessThan(8 * workspaces + 100);
    // The full sweep (no bounds) steps over the dead entries once a minute: its walk stays in them.
    expect(await check("all")).toBeLessThan(8 * workspaces + OLD_EVENTS / 20);
  });

  it("a recent sweep checks nothing while no number has been drawn since one that left nothing waiting", async () => {
    await sweepUnsealed("recent");
    expect(await sweepChecks("recent"), "nothing drawn since").toEqual([]);
    await insertUnsealed("drawn", 1);
    expect(await sweepChecks("recent"), "a number drawn").toHaveLength(1);
    expect(await unsealedEvents(tenant.workspace.id)).toBe(0);
    expect(await sweepChecks("recent"), "nothing drawn since").toEqual([]);
    expect(await sweepChecks("all"), "the full sweep always checks").toHaveLength(1);
  });

  it("still seals an event left unsealed below the bound: the full sweep, verification and the export find it", async () => {
    // Pending numbers far below every one sealed so far: an event whose writer stalled, or whose
    // instance died before sealing, while thousands of others were sealed.
    // (Another test process's full sweep may seal it first: this checks that it ends up sealed.)
    await insertUnsealed("straggler", 1, "-1");
    await sweepUnsealed("all");
    expect(await unsealedEvents(tenant.workspace.id)).toBe(0);

    await insertUnsealed("straggler-2", 1, "-2");
    expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: true });
    expect(await unsealedEvents(tenant.workspace.id)).toBe(0);

    await insertUnsealed("straggler-3", 1, "-3");
    const { stream } = await exportAuditEvents(tenant.system, "ndjson", {});
    expect(await new Response(stream).text()).toContain("straggler-3-1");
    expect(await unsealedEvents(tenant.workspace.id)).toBe(0);
  });
});
