// PostgreSQL (issue 14): full-text search is indexed outside the write. A trigger notes the changed
// memory in "MemorySearchQueue"; the indexer (server/search/pg-search-index.ts) computes its words
// into "MemorySearch" in the background and, for the searcher's workspace, before every search.
// Checked here: a write neither indexes nor waits for an indexer; a search still sees every write
// acknowledged before it; with writers and indexers of two instances racing, the index ends exactly
// as the live content; a deleted store leaves no words behind.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { createMemory } from "@/server/memory/create-memory";
import { deleteMemory } from "@/server/memory/delete-memory";
import { updateMemory } from "@/server/memory/update-memory";
import { catchUpSearchIndex } from "@/server/search/search-indexer";
import { searchMemories } from "@/server/search/search-memories";
import { createStore } from "@/server/stores/create-store";
import { deleteStore } from "@/server/stores/delete-store";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

const isPg = process.env.ENGRAM_TEST_DB === "postgresql";
let tenant: TestTenant;
let db: pg.Client;

// The indexer's tsvector, as migration 20261207120000_search_off_the_write computes it.
const WORDS = `to_tsvector('simple', regexp_replace(left(m."content", 100000), '[^[:alnum:]]+', ' ', 'g'))`;

beforeAll(async () => {
  if (!isPg) return;
  tenant = await createTestTenant("search-index");
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
});

const noted = async (memoryId: string) =>
  (await db.query(`SELECT 1 FROM "MemorySearchQueue" WHERE "workspaceId" = $1 AND "memoryId" = $2`, [tenant.workspace.id, memoryId])).rowCount;
const indexed = async (memoryId: string) =>
  (await db.query(`SELECT 1 FROM "MemorySearch" WHERE "workspaceId" = $1 AND "memoryId" = $2`, [tenant.workspace.id, memoryId])).rowCount;

async function created(storeId: string, path: string, content: string) {
  const result = await createMemory(tenant.system, storeId, { path, content });
  if (!("memory" in result)) throw new Error("the system principal's create was proposed");
  return result.memory;
}

/** Memories of the workspace whose index entry differs from their live content, and index entries of no live memory. */
async function drift(workspaceId: string) {
  const stale = await db.query(
    `SELECT m."id" FROM "Memory" m LEFT JOIN "MemorySearch" s ON s."memoryId" = m."id" AND s."workspaceId" = m."workspaceId"
      WHERE m."workspaceId" = $1 AND ((m."deletedAt" IS NULL AND s."words" IS DISTINCT FROM ${WORDS}) OR (m."deletedAt" IS NOT NULL AND s."memoryId" IS NOT NULL))`,
    [workspaceId],
  );
  const orphans = await db.query(
    `SELECT s."memoryId" FROM "MemorySearch" s WHERE s."workspaceId" = $1
        AND NOT EXISTS (SELECT 1 FROM "Memory" m WHERE m."workspaceId" = s."workspaceId" AND m."id" = s."memoryId" AND m."deletedAt" IS NULL)`,
    [workspaceId],
  );
  const queued = await db.query(`SELECT 1 FROM "MemorySearchQueue" WHERE "workspaceId" = $1`, [workspaceId]);
  return { stale: stale.rowCount, orphans: orphans.rowCount, queued: queued.rowCount };
}

describe.runIf(isPg)("PostgreSQL: search indexed outside the write", () => {
  it("a write neither indexes nor waits for the indexer, and the next search sees it", async () => {
    const store = await createStore(tenant.system, { name: `index-${newId("request")}` });
    // Hold the workspace's indexer, as another instance's pass would (the lock pg-search-index.ts takes per workspace).
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtextextended('search ' || $1, 0))`, [tenant.workspace.id]);
      const memory = await created(store.id, "/quokka.md", "quokka lanternfish\n");
      expect(await noted(memory.id)).toBe(1);
      expect(await indexed(memory.id)).toBe(0);
      const searching = searchMemories(tenant.system, { query: "lanternfish", limit: 10 });
      await holder.query(`SELECT pg_advisory_unlock(hashtextextended('search ' || $1, 0))`, [tenant.workspace.id]);
      expect((await searching).data.map((hit) => hit.path)).toEqual(["/quokka.md"]);
      expect(await noted(memory.id)).toBe(0);
      expect(await indexed(memory.id)).toBe(1);
    } finally {
      await holder.end();
    }
  });

  it("a change committed while the indexer works on the memory stays noted, and is indexed by the next pass", async () => {
    const store = await createStore(tenant.system, { name: `interleave-${newId("request")}` });
    const memory = await created(store.id, "/tern.md", "alpha\n");
    await updateMemory(tenant.system, store.id, memory.id, { content: "beta\n" });
    // A writer that has changed the memory and not yet committed (the trigger has touched its noted row).
    const writer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await writer.connect();
    try {
      await writer.query("BEGIN");
      await writer.query(`UPDATE "Memory" SET "content" = 'omega' WHERE "workspaceId" = $1 AND "id" = $2`, [tenant.workspace.id, memory.id]);
      // The indexer reads "beta" (the update is not committed) and, removing the noted row, waits for the writer's lock on it.
      let settled = false;
      const catchingUp = catchUpSearchIndex(tenant.workspace.id).finally(() => (settled = true));
      const deadline = Date.now() + 10_000;
      const waiting = async () =>
        (
          await db.query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM "MemorySearchQueue"%'`,
          )
        ).rowCount;
      while (!settled && !(await waiting()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await writer.query("COMMIT");
      await catchingUp;
      // The pass indexed "beta"; "omega" committed after it read, so the memory must still be noted.
      expect(await noted(memory.id)).toBe(1);
      await catchUpSearchIndex(tenant.workspace.id);
      const words = await db.query(`SELECT "words"::text AS "words" FROM "MemorySearch" WHERE "workspaceId" = $1 AND "memoryId" = $2`, [
        tenant.workspace.id,
        memory.id,
      ]);
      expect(words.rows[0].words).toBe("'omega':1");
    } finally {
      await writer.end();
    }
  });

  it("writers and indexers of two instances racing leave the index exactly as the live content", async () => {
    let other: SpawnedApi | undefined;
    try {
      other = await spawnApiServer();
      const { origin } = other;
      const store = await createStore(tenant.system, { name: `race-${newId("request")}` });
      const memories = await Promise.all(Array.from({ length: 6 }, (_, i) => created(store.id, `/race/${i}.md`, `start${i}\n`)));
      let writing = true;
      // Writes here and on the other instance, each file updated again and again with new words.
      const writer = async (via: "here" | "there", offset: number) => {
        for (let round = 0; round < 25; round++) {
          const memory = memories[(round + offset) % memories.length];
          const content = `round${round} ${via} word${newId("request").slice(-8).toLowerCase()}\n`;
          if (via === "here") {
            await updateMemory(tenant.system, store.id, memory.id, { content });
          } else {
            expect((await rest(origin, tenant.adminKey, "POST", `/memory_stores/${store.id}/memories/${memory.id}`, { content })).status).toBe(200);
          }
        }
      };
      // Indexers: catch-ups here, searches (each catching up first) there.
      const indexer = async (via: "here" | "there") => {
        while (writing) {
          if (via === "here") await catchUpSearchIndex(tenant.workspace.id);
          else expect((await rest(origin, tenant.adminKey, "GET", `/search?q=round1`)).status).toBe(200);
        }
      };
      const indexers = [indexer("here"), indexer("there"), indexer("there")];
      await Promise.all([writer("here", 0), writer("there", 3), writer("here", 1), writer("there", 4)]);
      await deleteMemory(tenant.system, store.id, memories[0].id);
      writing = false;
      await Promise.all(indexers);
      await catchUpSearchIndex(tenant.workspace.id);
      expect(await drift(tenant.workspace.id)).toEqual({ stale: 0, orphans: 0, queued: 0 });
      expect(await indexed(memories[0].id)).toBe(0);
    } finally {
      await other?.kill("SIGKILL");
    }
  });

  it("a deleted store leaves no words in the index", async () => {
    const store = await createStore(tenant.system, { name: `deleted-${newId("request")}` });
    const memory = await created(store.id, "/axolotl.md", "axolotl\n");
    await catchUpSearchIndex(tenant.workspace.id);
    expect(await indexed(memory.id)).toBe(1);
    await deleteStore(tenant.system, store.id);
    expect(await indexed(memory.id)).toBe(0);
    expect(await drift(tenant.workspace.id)).toEqual({ stale: 0, orphans: 0, queued: 0 });
  });
});
