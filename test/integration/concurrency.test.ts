// 16 agents append to one memory at once with read → update(content_sha256 precondition),
// retrying on 409. Nothing may be lost or duplicated and every accepted write is one version.
import { APIError } from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { getDb } from "@/server/db/client";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

const CLIENTS = 16;
const LINES = 200;

let server: SpawnedApi;
let tenant: TestTenant;

beforeAll(async () => {
  server = await spawnApiServer();
  tenant = await createTestTenant("concurrency");
});
afterAll(() => server?.kill());

describe("concurrent appends with content_sha256 preconditions", () => {
  it(`${CLIENTS} clients × ${LINES} lines: every line exactly once, one modified version per line`, { timeout: 900_000 }, async () => {
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
          for (;;) {
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
});
