// PostgreSQL (issue 14): a writer that stalls between drawing its event's pending number and
// committing (a slow commit, a descheduled process) while other writes of its workspace are sealed.
// Its own pass right after the commit must seal its event. It used to read only above what had
// been sealed a second before, which such a writer's number is below: the event, its live event
// and its webhooks then waited for the next full sweep, up to a minute
// (server/audit/seal-audit-events.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { dataDigest, HASH_VERSION } from "@/server/audit/event-hash";
import { LOOKBACK_MS, scheduleSeal } from "@/server/audit/seal-audit-events";
import { pgPool } from "@/server/db/pg-pool";
import { createMemory } from "@/server/memory/create-memory";
import { createStore } from "@/server/stores/create-store";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { unsealedEvents, untilSealed } from "./helpers/unsealed";

const isPg = process.env.ENGRAM_TEST_DB === "postgresql";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let tenant: TestTenant;

beforeAll(async () => {
  if (isPg) tenant = await createTestTenant("seal-stragglers");
});

describe.runIf(isPg)("PostgreSQL: an event whose writer stalled before committing", () => {
  it("is sealed by its writer's own pass, however long the stall", async () => {
    const workspaceId = tenant.workspace.id;
    const store = await createStore(tenant.system, { name: "stragglers" });
    // The straggler: its number is drawn first, its transaction stays open.
    const client = await pgPool().connect();
    try {
      await client.query("BEGIN");
      const writeBegan = performance.now();
      await client.query(
        `INSERT INTO "AuditEvent" ("id", "workspaceId", "seq", "createdAt", "actorType", "actorId", "action", "data", "dataSha256", "hashVersion", "prevHash", "hash")
         VALUES ('straggler-' || $2, $1, -nextval('"AuditEvent_pending_seq"'), now(), 'system', 'test', 'retention.run', '{}', $3, $4, '', '')`,
        [workspaceId, Date.now(), dataDigest("{}"), HASH_VERSION],
      );
      // Meanwhile other writes of the workspace are drawn and sealed, and time passes: the
      // sealer's bound for a pass moves above the straggler's number.
      for (let i = 0; i < 3; i++) {
        await createMemory(tenant.system, store.id, { path: `/w${i}.md`, content: `write ${i}` });
        await untilSealed(workspaceId); // the straggler is not committed: it does not count yet
        await sleep(LOOKBACK_MS / 2 + 50);
      }
      await client.query("COMMIT");
      // What commit-change.ts does after its commit.
      scheduleSeal(workspaceId, writeBegan);
    } finally {
      client.release();
    }
    // The pass takes milliseconds; the next full sweep (of any process) is up to a minute away.
    const deadline = Date.now() + 3_000;
    while ((await unsealedEvents(workspaceId)) > 0 && Date.now() < deadline) await sleep(20);
    expect(await unsealedEvents(workspaceId)).toBe(0);
  });
});
