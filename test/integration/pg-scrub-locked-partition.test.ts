// PostgreSQL: a redaction's scrub whose workspace partition is held by another session (a second
// scrub's VACUUM FULL of the same workspace, here a LOCK TABLE the way VACUUM FULL takes it) waits
// its turn under its own short lock waits. Seen in the model-based concurrency test: two redactions
// at once, and the second one's lookup of its partitions (which opened each partition) failed with
// lock_not_available, a 500.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scrubDatabaseFiles } from "@/server/db/scrub";
import { partitionsOf } from "@/server/db/workspace-partitions";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

const isPg = process.env.ENGRAM_TEST_DB === "postgresql";
const url = process.env.DATABASE_URL!;
let tenant: TestTenant;
let holder: pg.Client;

beforeAll(async () => {
  if (!isPg) return;
  tenant = await createTestTenant("scrub-locked");
  holder = new pg.Client({ connectionString: url });
  await holder.connect();
});
afterAll(async () => {
  await holder?.end();
});

describe.runIf(isPg)("PostgreSQL: a scrub behind another rewrite of its workspace", () => {
  it("finds its partitions without waiting for them, and finishes once the other lets go", async () => {
    const partitions = await partitionsOf(holder, tenant.workspace.id);
    expect(partitions.length).toBeGreaterThan(0);
    await holder.query("BEGIN");
    await holder.query(`LOCK TABLE "${partitions.at(-1)}" IN ACCESS EXCLUSIVE MODE`);
    // The lookup itself never waits for a partition's lock (a lock_timeout far below the holder's hold).
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    try {
      await probe.query("SET lock_timeout = 50");
      expect(await partitionsOf(probe, tenant.workspace.id)).toEqual(partitions);
    } finally {
      await probe.end();
    }
    const scrub = scrubDatabaseFiles(tenant.workspace.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await holder.query("COMMIT");
    await expect(scrub).resolves.toMatchObject({ dialect: "postgresql", ok: true });
  });
});
