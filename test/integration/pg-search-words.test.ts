// PostgreSQL (issue 14): full-text search reads each memory's stored words ("searchWords"), which the
// write path computes with the one tokenizer (lib/search/search-words.ts) and PostgreSQL only parses.
// A writer that changes the content without new words (a redaction's Prisma update, a hand-written
// UPDATE) gets them from the trigger, so the words never lag the content
// (migration 20261207140000_search_words).
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { createMemory } from "@/server/memory/create-memory";
import { deleteMemory } from "@/server/memory/delete-memory";
import { updateMemory } from "@/server/memory/update-memory";
import { searchMemories } from "@/server/search/search-memories";
import { createStore } from "@/server/stores/create-store";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";

const isPg = process.env.ENGRAM_TEST_DB === "postgresql";
let tenant: TestTenant;
let storeId: string;

beforeAll(async () => {
  if (!isPg) return;
  tenant = await createTestTenant("search-words");
  storeId = (await createStore(tenant.system, { name: "search-words" })).id;
});

// PostgreSQL's own expression (the trigger's, and the index's before the migration).
const EXPRESSION = `to_tsvector('simple', regexp_replace(left("content", 100000), '[^[:alnum:]]+', ' ', 'g'))`;

async function wordsOf(memoryId: string): Promise<{ stored: string; expression: string }> {
  const { db } = await getDb();
  const rows = await db.$queryRawUnsafe<{ stored: string; expression: string }[]>(
    `SELECT "searchWords"::text AS stored, ${EXPRESSION}::text AS expression FROM "Memory" WHERE "id" = $1 AND "workspaceId" = $2`,
    memoryId,
    tenant.workspace.id,
  );
  return rows[0];
}

async function write(path: string, content: string) {
  const created = await createMemory(tenant.system, storeId, { path, content });
  if (!("memory" in created)) throw new Error("the system principal's create was proposed");
  return created.memory;
}

const found = async (q: string) => (await searchMemories(tenant.system, { query: q, limit: 20 })).data.map((hit) => hit.path);

describe.runIf(isPg)("PostgreSQL: search words written by the write path", () => {
  it("stores the words PostgreSQL's own parser would find, on create and on update, within its limits", async () => {
    const texts = [
      "Retry_Policy: max-3 retries; see https://example.com/a.md#top\n",
      "Ärger ÉCOLE straße café naïve 123abc abc123 it's\n",
      `${"w ".repeat(300)}end\n`,
      `a ${"x".repeat(2048)} b ${"y".repeat(2047)} c\n`,
      `${"q ".repeat(16_390)}z z\n`,
    ];
    const memory = await write("/parity.md", texts[0]);
    const created = await wordsOf(memory.id);
    expect(created.stored).toBe(created.expression);
    let sha = memory.contentSha256;
    for (const content of texts.slice(1)) {
      const updated = await updateMemory(tenant.system, storeId, memory.id, { content, precondition: { type: "content_sha256", content_sha256: sha } });
      if (!("memory" in updated)) throw new Error("proposed");
      sha = updated.memory.contentSha256;
      const words = await wordsOf(memory.id);
      expect(words.stored, content.slice(0, 40)).toBe(words.expression);
    }
  });

  it("are the tokenizer's own words, not PostgreSQL's: a word its regexp splits stays whole, so the query's word finds it", async () => {
    // "x²": a letter and a superscript digit, one token for the tokenizer (\p{N}), two for [[:alnum:]].
    const memory = await write("/squared.md", "area x² here\n");
    const words = await wordsOf(memory.id);
    expect(words.stored).toContain("'x²':2");
    expect(words.expression).not.toContain("x²");
    expect(await found("x²")).toEqual(["/squared.md"]);
  });

  it("a content change that brings no words (as a redaction's update through Prisma) gets them from the trigger", async () => {
    const memory = await write("/trigger.md", "quolvex before\n");
    const { db } = await getDb();
    await db.memory.update({ where: { id: memory.id, workspaceId: tenant.workspace.id }, data: { content: "plimsore after\n" } });
    const words = await wordsOf(memory.id);
    expect(words.stored).toBe(words.expression);
    expect(words.stored).toContain("plimsore");
    expect(words.stored).not.toContain("quolvex");
    expect(await found("quolvex")).toEqual([]);
    expect(await found("plimsore")).toEqual(["/trigger.md"]);
    // A row inserted without words (a bulk load) gets them too.
    const rows = await db.$queryRawUnsafe<{ n: number }[]>(
      `WITH copy AS (INSERT INTO "Memory" ("id", "workspaceId", "storeId", "path", "livePath", "headVersionId", "content", "contentSha256", "sizeBytes", "createdAt", "updatedAt")
         SELECT 'mem_words_copy', "workspaceId", "storeId", '/copy.md', NULL, "headVersionId", 'zenthar copy', "contentSha256", 12, now(), now() FROM "Memory" WHERE "id" = $1 AND "workspaceId" = $2
         RETURNING "searchWords")
       SELECT count(*)::int AS n FROM copy WHERE "searchWords" @@ 'zenthar'::tsquery`,
      memory.id,
      tenant.workspace.id,
    );
    expect(rows[0].n).toBe(1);
  });

  it("a deleted memory keeps no words", async () => {
    const memory = await write("/gone.md", "vandrel soon deleted\n");
    await deleteMemory(tenant.system, storeId, memory.id);
    expect((await wordsOf(memory.id)).stored).toBe("");
    expect(await found("vandrel")).toEqual([]);
  });
});
