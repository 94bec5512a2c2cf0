// PostgreSQL (issue 14): while writes stream in, the sealer gathers them: one seal pass per
// workspace per SEAL_INTERVAL_MS (50 ms) and instance, not one per handful of events, since a pass
// costs PostgreSQL about as much for one event as for dozens (server/audit/seal-audit-events.ts).
// Every event is still sealed, in one verifiable chain.
import { beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { createMemory } from "@/server/memory/create-memory";
import { updateMemory } from "@/server/memory/update-memory";
import { createStore } from "@/server/stores/create-store";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { statementsOf } from "./helpers/pg-statements";
import { unsealedEvents, untilSealed } from "./helpers/unsealed";

const isPg = process.env.ENGRAM_TEST_DB === "postgresql";
let tenant: TestTenant;

beforeAll(async () => {
  if (isPg) tenant = await createTestTenant("seal-batches");
});

describe.runIf(isPg)("PostgreSQL: the sealer under a stream of writes", () => {
  it("seals 16 writers' 256 changes in passes one per 50 ms, every one of them, in one verifiable chain", { timeout: 60_000 }, async () => {
    const store = await createStore(tenant.system, { name: "seal-batches" });
    const memories = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const created = await createMemory(tenant.system, store.id, { path: `/w${i}.md`, content: "0" });
        if (!("memory" in created)) throw new Error("proposed");
        return created.memory;
      }),
    );
    await untilSealed(tenant.workspace.id);
    const { statements, sentAt } = await statementsOf(async () => {
      await Promise.all(
        memories.map(async (memory) => {
          for (let n = 1; n <= 16; n++) await updateMemory(tenant.system, store.id, memory.id, { content: String(n) });
        }),
      );
      await untilSealed(tenant.workspace.id);
    });
    // A pass begins by locking the workspace row; the gaps between the starts of consecutive passes.
    const starts = sentAt.filter((_, i) => statements[i].startsWith('SELECT 1 FROM "Workspace" WHERE "id" = $1 FOR NO KEY UPDATE'));
    const gaps = starts.slice(1).map((at, i) => at - starts[i]);
    expect(gaps.length, "the stream took several passes").toBeGreaterThanOrEqual(2);
    // While the writes stream in, each pass starts 50 ms after the one before (the timer may fire a
    // moment early); one may start sooner only after a moment with nothing to seal.
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
    expect(median, `gaps ${gaps.map((gap) => gap.toFixed(0)).join(", ")} ms`).toBeGreaterThanOrEqual(45);
    expect(await unsealedEvents(tenant.workspace.id)).toBe(0);
    expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: true });
  });
});
