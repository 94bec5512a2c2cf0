// SIGKILL the API server in the middle of a write load, restart it, and check that the
// database is consistent: heads equal newest versions, every version has its audit event,
// the audit chain verifies, and every write acknowledged before the kill is there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { getDb } from "@/server/db/client";
import { cli } from "./helpers/cli";
import { expectConsistent, writeLoad, type Ack } from "./helpers/consistency";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

const CLIENTS = 6;
const noRateLimit = { ENGRAM_RATE_LIMIT_PER_MINUTE: "100000000" };

let server: SpawnedApi | null = null;
let tenant: TestTenant;
let storeId: string;

beforeAll(async () => {
  tenant = await createTestTenant("crash");
});
afterAll(() => server?.kill("SIGKILL"));

/** The database as the dead (or restarted) server left it: consistent, every acknowledged write there, the chain intact. */
async function checkConsistency(acks: Ack[]) {
  const { db } = await getDb();
  const counts = await expectConsistent(db, tenant.workspace.id, acks);
  expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: true });
  return counts;
}

describe("crash safety", () => {
  it("SIGKILL mid-load loses no acknowledged write and leaves heads, versions and audit events consistent", { timeout: 300_000 }, async () => {
    server = await spawnApiServer({ env: noRateLimit });
    storeId = (await server.sdk(tenant.adminKey).beta.memoryStores.create({ name: "crash" })).id;
    const acks: Ack[] = [];

    for (let round = 1; round <= 3; round++) {
      const stop = { now: false };
      const before = acks.length;
      // Each client creates its own memories and keeps rewriting, renaming and deleting them until the server dies.
      const load = writeLoad(server.origin, tenant.adminKey, storeId, `r${round}`, acks, stop, CLIENTS);
      // Kill once the load is well under way (a few dozen acknowledged writes), at a time writes are in flight.
      const deadline = Date.now() + 60_000;
      while (acks.length - before < 40 + round * 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await server.kill("SIGKILL");
      stop.now = true;
      expect((await load).errors).toEqual([]);
      const acked = acks.length - before;
      expect(acked).toBeGreaterThan(0);

      // Inspect the files as the dead server left them, then after a restart through the API.
      const counts = await checkConsistency(acks);
      server = await spawnApiServer({ env: noRateLimit });
      const sdk = server.sdk(tenant.adminKey);
      for (const ack of acks.slice(-20)) {
        if (ack.sha === "deleted") continue;
        const v = await sdk.beta.memoryStores.memoryVersions.retrieve(ack.versionId, { memory_store_id: storeId, view: "basic" });
        expect(v.content_sha256).toBe(ack.sha);
      }
      console.log(
        `[crash ${process.env.ENGRAM_TEST_DB ?? "sqlite"}] round ${round}: killed after ${acked} acknowledged writes; ${counts.memories} memories, ${counts.versions} versions consistent`,
      );
    }

    // The restarted server keeps the chain going, and the CLI agrees it is intact.
    await server.sdk(tenant.adminKey).beta.memoryStores.memories.create(storeId, { path: "/after-crash.md", content: "alive" });
    await checkConsistency(acks);
    // Only this file's workspace: others in the same database break their chains on purpose.
    const { stdout } = await cli(["audit", "verify", "--workspace", tenant.workspace.id]);
    expect(stdout).toContain(`${tenant.workspace.id}: OK`);
  });
});
