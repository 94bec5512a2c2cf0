// PostgreSQL (issue 14): an agent's full read of a memory, and the read its session records, are one
// prepared statement each on the workspace's own partitions (as the write path's), not Prisma
// queries: with 16 SDK writers, the recorded reads through Prisma cost ~200 µs of the server's CPU
// and ~150 µs of PostgreSQL's per accepted write (bench/README.md).
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { createMemory } from "@/server/memory/create-memory";
import { getMemory } from "@/server/memory/get-memory";
import { createSession } from "@/server/sessions/create-session";
import { createStore } from "@/server/stores/create-store";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { statementsOf } from "./helpers/pg-statements";

const isPg = process.env.ENGRAM_TEST_DB === "postgresql";
let tenant: TestTenant;

beforeAll(async () => {
  if (isPg) tenant = await createTestTenant("hot-reads");
});

describe.runIf(isPg)("PostgreSQL: an agent session's full read", () => {
  it("reads the memory and records the read with one statement each on the workspace's partitions, none through Prisma", async () => {
    const store = await createStore(tenant.system, { name: "hot-reads" });
    await tenant.grant(store.id, tenant.agent.id, "read_write");
    const created = await createMemory(tenant.system, store.id, { path: "/read.md", content: "read me\n" });
    if (!("memory" in created)) throw new Error("proposed");
    const session = await createSession(tenant.system, { agentId: tenant.agent.id });
    const ctx = tenant.agentContext(session.id);
    await getMemory(ctx, store.id, created.memory.id, { recordRead: true }); // the partition's name, looked up once
    const { result, statements } = await statementsOf(() => getMemory(ctx, store.id, created.memory.id, { recordRead: true }));
    expect(result.content).toBe("read me\n");
    const touching = statements.filter((sql) => /"(public"\.")?Memory(Read)?(_p\d+)?"/.test(sql));
    expect(touching).toHaveLength(2);
    expect(touching[0]).toMatch(/^SELECT .* FROM "Memory_p\d\d" WHERE "id" = \$1/);
    expect(touching[1]).toMatch(/^INSERT INTO "MemoryRead_p\d\d" /);
    const { db } = await getDb();
    const reads = await db.memoryRead.findMany({ where: { workspaceId: tenant.workspace.id, memoryId: created.memory.id } });
    expect(reads).toHaveLength(2);
    expect(reads[1]).toMatchObject({
      sessionId: session.id,
      apiKeyId: tenant.agentKeyId,
      actorType: "session",
      versionId: created.memory.headVersionId,
      path: "/read.md",
    });
  });
});
