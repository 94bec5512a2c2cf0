// PostgreSQL: a lookup by a list of ids (one JSON-array parameter, sql-step.ts jsonList) must use the
// table's index. A list whose strings carry another collation than the id column's cannot: the
// lookup became a scan of the workspace's every version (130 ms per event replay on the bench's
// 330,000 versions, after every seal). With sequential scans disabled, the planner still scans only
// when no index fits. The workspace gets 20,000 more versions and memories (copies, deleted), so the
// planner, with statistics, probes the primary key for a short list whenever the collation lets it.
// Each lookup names its workspace, so it reads that workspace's partition only; the scanner's next
// batch reads the batch and its marks, not every version above its cursor.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayStep } from "@/server/events/replay-events";
import { partitionSuffix } from "@/server/db/partition-suffix";
import { pgText } from "@/server/db/pg-pool";
import type { Step } from "@/server/db/sql-step";
import { scanStore } from "@/server/findings/scan-store";
import { memoryColumns, versionColumns } from "@/server/memory/write/columns";
import { writeStore } from "@/server/memory/write/write-store";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { buffersOf } from "./helpers/explain";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

const isPg = process.env.ENGRAM_TEST_DB === "postgresql";

let api: RunningApi;
let tenant: TestTenant;
let client: pg.Client;
let memoryId: string;
let versionId: string;

beforeAll(async () => {
  if (!isPg) return;
  api = await startApiServer();
  tenant = await createTestTenant("id-lists");
  const store = (await rest(api.origin, tenant.adminKey, "POST", "/memory_stores", { name: "ids" })).body as { id: string };
  const memory = (await rest(api.origin, tenant.adminKey, "POST", `/memory_stores/${store.id}/memories`, { path: "/a.md", content: "a\n" })).body as {
    id: string;
    memory_version_id: string;
  };
  memoryId = memory.id;
  versionId = memory.memory_version_id;
  client = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await client.connect();
  await client.query(copies("MemoryVersion", versionColumns, {}), [versionId]);
  await client.query(copies("Memory", memoryColumns, { path: `r."path" || g`, livePath: "NULL", deletedAt: `r."updatedAt"` }), [memoryId]);
  await client.query(`ANALYZE "MemoryVersion"`);
  await client.query(`ANALYZE "Memory"`);
}, 120_000);

/** 20,000 copies of one row, each with its own id (and `changed` columns). */
const copies = (table: string, columns: readonly string[], changed: Record<string, string>) =>
  `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")})
   SELECT ${columns.map((c) => (c === "id" ? `r."id" || '_' || g` : (changed[c] ?? `r."${c}"`))).join(", ")}
     FROM "${table}" r, generate_series(1, 20000) g WHERE r."id" = $1`;
afterAll(async () => {
  await client?.end();
  await api?.close();
});

type Asked = { sql: string; params: readonly unknown[] };

/** A statement a step asked for, explained with its parameters and sequential scans off. */
async function planOf(query: Asked): Promise<string> {
  await client.query("BEGIN");
  try {
    await client.query("SET LOCAL enable_seqscan = off");
    const { rows } = await client.query(`EXPLAIN ${pgText(query.sql).text}`, [...query.params]);
    return rows.map((row: Record<string, string>) => row["QUERY PLAN"]).join("\n");
  } finally {
    await client.query("ROLLBACK");
  }
}

describe.runIf(isPg)("PostgreSQL: lookups by a list of ids use the index", () => {
  it("the write path's memories by id, the scanner's versions by id, and the event replay's redaction check", async () => {
    const workspaceId = tenant.workspace.id;
    const partition = await partitionSuffix("postgresql", workspaceId);
    const first = (step: Step<unknown>) => step.next().value as Asked;
    const memories = await planOf(first(writeStore("postgresql", workspaceId, { partition }).memoriesById([memoryId])));
    const versions = await planOf(first(scanStore("postgresql").byIds(workspaceId, [versionId])));
    // The replay reads the audit events, then asks which of their versions are redacted.
    const replay = replayStep("postgresql", workspaceId, {}, 0);
    const audit = first(replay);
    const { rows } = await client.query(pgText(audit.sql).text, [...audit.params]);
    expect(rows.some((row: { action: string }) => row.action === "memory.created")).toBe(true);
    const redactions = await planOf(replay.next(rows).value as Asked);
    for (const plan of [memories, versions, redactions]) {
      expect(plan).toMatch(/Index Cond: \(\(?(\w+\.)?"?id"?\)?(::text)? = /);
      expect(plan).not.toMatch(/Seq Scan/);
    }
    // Each reads the workspace's own partition only: a lookup by id alone probed all 16 (the
    // scanner, for every version written: 15 needless scans of other tenants' partitions).
    const partitionsIn = (plan: string) => [...new Set(plan.match(/"\w+_p\d+"/g))];
    expect(partitionsIn(memories)).toEqual([`"Memory${partition}"`]);
    expect(partitionsIn(versions)).toEqual([`"MemoryVersion${partition}"`]);
    expect(partitionsIn(redactions)).toEqual([`"MemoryVersion${partition}"`]);
  });

  it("the scanner's next batch reads that batch, not every version above its cursor", async () => {
    // 20,000 versions above the cursor, and as many marks of earlier scans below it.
    await client.query(`INSERT INTO "ScannedVersion" ("versionId", "scannedAt") SELECT 'memver_00' || g, now() FROM generate_series(1, 20000) g`);
    await client.query(`ANALYZE "ScannedVersion"`);
    const batch = scanStore("postgresql").after(versionId, 200);
    const asked = batch.next().value as Asked;
    expect(await buffersOf(pgText(asked.sql).text, asked.params)).toBeLessThan(2_000);
  });
});
