// PostgreSQL (issue 14): a content update or delete may plan on the head this process last read or
// wrote (server/memory/write/remembered-heads.ts) and write in one statement. Counted here: the
// statements the write pool sends (pg.Client's query, counted and passed through to the real
// database). What is remembered never answers a request by itself: another writer's newer head,
// a row changed in place (a redaction), an archived store, a write of what the memory already
// holds, all are decided on a fresh read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { pgPool } from "@/server/db/pg-pool";
import { hearingOthers, setHearingOthers } from "@/server/db/write-watch";
import { sha256Hex } from "@/server/crypto";
import { createMemory } from "@/server/memory/create-memory";
import { deleteMemory } from "@/server/memory/delete-memory";
import { updateMemory } from "@/server/memory/update-memory";
import { archiveStore } from "@/server/stores/archive-store";
import { createStore } from "@/server/stores/create-store";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { send } from "./helpers/matrix";
import { statementsOf } from "./helpers/pg-statements";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

const isPg = process.env.ENGRAM_TEST_DB === "postgresql";
let tenant: TestTenant;
let heard: boolean;
let other: SpawnedApi | undefined;

// The write path's read of store and memory, and its one write statement (write-store.ts); the rest
// (the authorization lookups through Prisma, the sealer after commit) is not counted.
const reads = (statements: string[]) => statements.filter((sql) => sql.includes('AS "storeRowId"')).length;
const writes = (statements: string[]) => statements.filter((sql) => /^\s*WITH l AS/.test(sql)).length;

beforeAll(async () => {
  if (!isPg) return;
  tenant = await createTestTenant("remembered-heads");
  // A server hears the other instances through its relay; this test process stands in for one.
  heard = hearingOthers();
  setHearingOthers(true);
  other = await spawnApiServer();
});
afterAll(async () => {
  if (isPg) setHearingOthers(heard);
  await other?.kill("SIGKILL");
});

async function freshMemory(content = "v1\n") {
  const store = await createStore(tenant.system, { name: `remembered-${Math.random().toString(36).slice(2)}` });
  const created = await createMemory(tenant.system, store.id, { path: "/a.md", content });
  if (!("memory" in created)) throw new Error("the system principal's create was proposed");
  return { storeId: store.id, memoryId: created.memory.id, sha: sha256Hex(content) };
}
const update = (storeId: string, memoryId: string, content: string, sha: string) =>
  updateMemory(tenant.system, storeId, memoryId, { content, precondition: { type: "content_sha256", content_sha256: sha } });

describe.runIf(isPg)("PostgreSQL: writes planned on a remembered head", () => {
  it("the second update of a memory is one statement: the write, planned on the head the first one left", async () => {
    const m = await freshMemory();
    const first = await statementsOf(() => update(m.storeId, m.memoryId, "v2\n", m.sha));
    // Nothing remembered yet: the read, then the write.
    expect([reads(first.statements), writes(first.statements)]).toEqual([1, 1]);
    const second = await statementsOf(() => update(m.storeId, m.memoryId, "v3\n", sha256Hex("v2\n")));
    expect([reads(second.statements), writes(second.statements)]).toEqual([0, 1]);
    expect(second.result).toMatchObject({ memory: { contentSha256: sha256Hex("v3\n") } });
    const { db } = await getDb();
    expect((await db.memory.findUniqueOrThrow({ where: { id: m.memoryId, workspaceId: tenant.workspace.id } })).content).toBe("v3\n");
  });

  it("another instance's write makes the remembered head stale: the next write reads afresh and judges the precondition on what is there", async () => {
    const m = await freshMemory();
    await update(m.storeId, m.memoryId, "mine\n", m.sha);
    // Another instance writes the memory (a content update announces nothing: only its head moves).
    const theirs = await send(other!.origin, {
      method: "POST",
      path: `/memory_stores/${m.storeId}/memories/${m.memoryId}`,
      headers: { "x-api-key": tenant.adminKey },
      body: { content: "theirs\n", precondition: { type: "content_sha256", content_sha256: sha256Hex("mine\n") } },
    });
    expect(theirs.status).toBe(200);

    // A writer that still believes "mine" (what this process remembers): the try on the remembered
    // head passes the precondition, its write moves nothing, and the fresh read refuses it.
    const stale = await statementsOf(() => update(m.storeId, m.memoryId, "lost\n", sha256Hex("mine\n")).catch((error: { status?: number }) => error.status));
    expect(stale.result).toBe(409);
    expect([reads(stale.statements), writes(stale.statements)]).toEqual([1, 1]);
    // A writer that saw "theirs" succeeds, in one statement again: that fresh read is what this process remembers now.
    const fresh = await statementsOf(() => update(m.storeId, m.memoryId, "after theirs\n", sha256Hex("theirs\n")));
    expect(fresh.result).toMatchObject({ memory: { contentSha256: sha256Hex("after theirs\n") } });
    expect([reads(fresh.statements), writes(fresh.statements)]).toEqual([0, 1]);
  });

  it("a row changed in place (as a redaction of its path or content does, through Prisma) is read afresh", async () => {
    const m = await freshMemory();
    await update(m.storeId, m.memoryId, "v2\n", m.sha);
    const { db } = await getDb();
    await db.memory.updateMany({ where: { id: m.memoryId, workspaceId: tenant.workspace.id }, data: { updatedAt: new Date() } });
    const next = await statementsOf(() => update(m.storeId, m.memoryId, "v3\n", sha256Hex("v2\n")));
    expect([reads(next.statements), writes(next.statements)]).toEqual([1, 1]);
  });

  it("an archived store refuses the write although its writable state was remembered", async () => {
    const m = await freshMemory();
    await update(m.storeId, m.memoryId, "v2\n", m.sha);
    await archiveStore(tenant.system, m.storeId);
    await expect(update(m.storeId, m.memoryId, "v3\n", sha256Hex("v2\n"))).rejects.toMatchObject({ status: 409 });
  });

  it("a write of what the memory already holds, and a delete, are decided on a fresh read", async () => {
    const m = await freshMemory();
    await update(m.storeId, m.memoryId, "v2\n", m.sha);
    // Nothing to write: the answer comes from a read, not from what was remembered (one try on it, then the fresh one).
    const same = await statementsOf(() => update(m.storeId, m.memoryId, "v2\n", "0".repeat(64)));
    expect(same.result).toMatchObject({ version: null });
    expect([reads(same.statements), writes(same.statements)]).toEqual([1, 0]);
    // A delete planned on the remembered head: the holds are read, then the write.
    const deleted = await statementsOf(() => deleteMemory(tenant.system, m.storeId, m.memoryId, sha256Hex("v2\n")));
    expect([reads(deleted.statements), writes(deleted.statements)]).toEqual([0, 1]);
    await expect(update(m.storeId, m.memoryId, "v3\n", sha256Hex("v2\n"))).rejects.toMatchObject({ status: 404 });
  });

  it("holds a bounded amount of content: past its budget (8 Mi characters) it forgets and the next write reads again", { timeout: 120_000 }, async () => {
    const store = await createStore(tenant.system, { name: `remembered-budget-${Math.random().toString(36).slice(2)}` });
    const big = (i: number, round: number) => `${round} ${i} `.padEnd(95_000, "x");
    const ids: string[] = [];
    for (let i = 0; i < 90; i++) {
      const created = await createMemory(tenant.system, store.id, { path: `/big/${i}.md`, content: big(i, 0) });
      if (!("memory" in created)) throw new Error("proposed");
      ids.push(created.memory.id);
      await update(store.id, created.memory.id, big(i, 1), sha256Hex(big(i, 0)));
    }
    // 90 × 95,000 characters is past the budget: the map was emptied on the way, so the first memory is read again, the last is not.
    const first = await statementsOf(() => update(store.id, ids[0], big(0, 2), sha256Hex(big(0, 1))));
    expect([reads(first.statements), writes(first.statements)]).toEqual([1, 1]);
    const last = await statementsOf(() => update(store.id, ids[89], big(89, 2), sha256Hex(big(89, 1))));
    expect([reads(last.statements), writes(last.statements)]).toEqual([0, 1]);
  });

  it("a row changed in place by another instance, not yet heard here, is never written back over: the write moves nothing and is decided afresh", async () => {
    const m = await freshMemory();
    await update(m.storeId, m.memoryId, "v2\n", m.sha);
    // Another instance redacted the path in place (its announcement has not arrived): straight SQL, which this process does not count.
    const other = await pgPool().connect();
    try {
      await other.query(`UPDATE "Memory" SET "path" = '/[REDACTED].md', "livePath" = '/[REDACTED].md' WHERE "id" = $1 AND "workspaceId" = $2`, [
        m.memoryId,
        tenant.workspace.id,
      ]);
    } finally {
      other.release();
    }
    const next = await statementsOf(() => update(m.storeId, m.memoryId, "v3\n", sha256Hex("v2\n")));
    // The try on the remembered row (path /a.md) wrote nothing; the fresh read's write kept the redacted path.
    expect([reads(next.statements), writes(next.statements)]).toEqual([1, 2]);
    const { db } = await getDb();
    const row = await db.memory.findUniqueOrThrow({ where: { id: m.memoryId, workspaceId: tenant.workspace.id } });
    expect([row.path, row.content]).toEqual(["/[REDACTED].md", "v3\n"]);
    const versions = await db.memoryVersion.findMany({ where: { memoryId: m.memoryId, workspaceId: tenant.workspace.id }, orderBy: { id: "asc" } });
    expect(versions.at(-1)!.path).toBe("/[REDACTED].md");
  });
});
