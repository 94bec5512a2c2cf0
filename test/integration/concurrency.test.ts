// 16 agents append to one memory at once with read → update(content_sha256 precondition),
// retrying on 409. Nothing may be lost or duplicated and every accepted write is one version.
import { APIError } from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { getDb } from "@/server/db/client";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

const CLIENTS = 16;
// 1,600 contended appends by default (thousands of conflicts on PostgreSQL); CONCURRENCY_LINES=200 or more for a longer run.
const LINES = Number(process.env.CONCURRENCY_LINES ?? 100);

let server: SpawnedApi;
let tenant: TestTenant;

beforeAll(async () => {
  // Thousands of requests a minute from one key is the point here, not a runaway loop. The
  // finding scanner (background work on every version, 120 MB of it here) is not under test.
  server = await spawnApiServer({ env: { ENGRAM_RATE_LIMIT_PER_MINUTE: "100000000", ENGRAM_FINDINGS_SCAN: "off" } });
  tenant = await createTestTenant("concurrency");
});
afterAll(() => server?.kill());

describe("concurrent appends with content_sha256 preconditions", () => {
  it(`${CLIENTS} clients × ${LINES} lines: every line exactly once, one modified version per line`, { timeout: 1_800_000 }, async () => {
    const admin = server.sdk(tenant.adminKey);
    const store = await admin.beta.memoryStores.create({ name: "concurrency" });
    const memory = await admin.beta.memoryStores.memories.create(store.id, { path: "/log.md", content: "" });
    const stats = { conflicts: 0, writes: 0 };

    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const sdk = server.sdk(tenant.adminKey).beta.memoryStores.memories;
        for (let l = 0; l < LINES; l++) {
          const line = `client-${String(c).padStart(2, "0")} line-${String(l).padStart(3, "0")}\n`;
          for (let tries = 0; ; tries++) {
            const current = await sdk.retrieve(memory.id, { memory_store_id: store.id });
            try {
              await sdk.update(memory.id, {
                memory_store_id: store.id,
                content: current.content + line,
                precondition: { type: "content_sha256", content_sha256: current.content_sha256 },
              });
              stats.writes++;
              break;
            } catch (error) {
              if (
                error instanceof APIError &&
                error.status === 409 &&
                (error.error as { error?: { type?: string } })?.error?.type === "memory_precondition_failed_error"
              ) {
                stats.conflicts++;
                // As a well-behaved client would: back off, jittered, before reading again; without
                // it the 16 clients spend most of the run re-sending a body that loses anyway.
                await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 4 * 2 ** tries)));
                continue;
              }
              throw error;
            }
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const total = CLIENTS * LINES;
    console.log(
      `[concurrency ${process.env.ENGRAM_TEST_DB ?? "sqlite"}] ${total} appends by ${CLIENTS} clients in ${seconds.toFixed(1)} s: ` +
        `${(total / seconds).toFixed(0)} accepted writes/s, ${stats.conflicts} precondition conflicts retried ` +
        `(${((total + stats.conflicts) / seconds).toFixed(0)} update attempts/s)`,
    );

    const final = await admin.beta.memoryStores.memories.retrieve(memory.id, { memory_store_id: store.id });
    const lines = final.content!.split("\n").filter(Boolean);
    expect(lines).toHaveLength(total);
    expect(new Set(lines).size).toBe(total);
    for (let c = 0; c < CLIENTS; c++) {
      // Each client's lines appear in its own order.
      const own = lines.filter((line) => line.startsWith(`client-${String(c).padStart(2, "0")} `));
      expect(own).toEqual(Array.from({ length: LINES }, (_, l) => `client-${String(c).padStart(2, "0")} line-${String(l).padStart(3, "0")}`));
    }
    expect(stats.writes).toBe(total);

    let modified = 0;
    for await (const _ of admin.beta.memoryStores.memoryVersions.list(store.id, { memory_id: memory.id, operation: "modified", limit: 100 })) modified++;
    expect(modified).toBe(total);
    const { db } = await getDb();
    expect(await db.memoryVersion.count({ where: { memoryId: memory.id } })).toBe(total + 1);
    const head = await db.memoryVersion.findFirstOrThrow({ where: { memoryId: memory.id }, orderBy: { id: "desc" } });
    expect(head.id).toBe(final.memory_version_id);
    expect(head.content).toBe(final.content);
    expect(await db.auditEvent.count({ where: { workspaceId: tenant.workspace.id, action: "memory.modified" } })).toBe(total);
    expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: true });
  });

  it("16 simultaneous creates of one path: exactly one wins, the rest get 409 with the winner's id", async () => {
    const admin = server.sdk(tenant.adminKey);
    const store = await admin.beta.memoryStores.create({ name: "create race" });
    const results = await Promise.allSettled(
      Array.from({ length: CLIENTS }, (_, c) =>
        server.sdk(tenant.adminKey).beta.memoryStores.memories.create(store.id, { path: "/same.md", content: `client ${c}` }),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<{ id: string }>).value;
    for (const r of results.filter((x) => x.status === "rejected")) {
      const error = (r as PromiseRejectedResult).reason as APIError;
      expect(error.status).toBe(409);
      expect(error.error).toMatchObject({
        type: "error",
        error: { type: "memory_path_conflict_error", conflicting_memory_id: winner.id, conflicting_path: "/same.md" },
      });
    }
    const { db } = await getDb();
    expect(await db.memoryVersion.count({ where: { storeId: store.id } })).toBe(1);
  });

  it("simultaneous renames onto one free path and a racing delete/update: one outcome each, no torn state", async () => {
    const admin = server.sdk(tenant.adminKey);
    const store = await admin.beta.memoryStores.create({ name: "rename race" });
    const mems = await Promise.all(
      Array.from({ length: 8 }, (_, i) => admin.beta.memoryStores.memories.create(store.id, { path: `/src/${i}.md`, content: `m${i}` })),
    );
    const renames = await Promise.allSettled(
      mems.map((m) => server.sdk(tenant.adminKey).beta.memoryStores.memories.update(m.id, { memory_store_id: store.id, path: "/dst.md" })),
    );
    expect(renames.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of renames.filter((x) => x.status === "rejected")) expect(((r as PromiseRejectedResult).reason as APIError).status).toBe(409);

    const target = mems[0];
    const [del, upd] = await Promise.allSettled([
      server.sdk(tenant.adminKey).beta.memoryStores.memories.delete(target.id, { memory_store_id: store.id, expected_content_sha256: target.content_sha256 }),
      server.sdk(tenant.adminKey).beta.memoryStores.memories.update(target.id, {
        memory_store_id: store.id,
        content: "changed",
        precondition: { type: "content_sha256", content_sha256: target.content_sha256 },
      }),
    ]);
    // Exactly one of them saw the original content; the other lost cleanly (409 or, after the delete, 404).
    expect([del.status, upd.status].filter((s) => s === "fulfilled")).toHaveLength(1);
    const loser = (del.status === "rejected" ? del : upd) as PromiseRejectedResult;
    expect([404, 409]).toContain((loser.reason as APIError).status);
    const { db } = await getDb();
    const m = await db.memory.findUniqueOrThrow({ where: { id: target.id } });
    const newest = await db.memoryVersion.findFirstOrThrow({ where: { memoryId: target.id }, orderBy: { id: "desc" } });
    expect(m.headVersionId).toBe(newest.id);
    expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: true });
  });
});
