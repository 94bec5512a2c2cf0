-- Full-text search indexed outside the write, as on SQLite (issue 14). The expression GIN index on
-- "Memory" (20261201130000_memory_search) cost every content write about a fifth of PostgreSQL's CPU
-- and made it non-HOT (bench/README.md). Now a trigger only notes the changed memory in
-- "MemorySearchQueue" (one row per memory however often it changes), and
-- server/search/pg-search-index.ts computes the tsvector into "MemorySearch" in small batches, in
-- the background and, for the searcher's workspace, before every search.
-- "MemorySearch" holds words of memory content, so it is partitioned by workspace like the other
-- tables that do (server/db/workspace-partitions.ts): a redaction rewrites its workspace's partition.
-- Words are runs of letters and digits, as SQLite's unicode61 tokenizer sees them ('simple': no
-- stemming, no stop words); the first 100,000 characters are indexed (far below the 1 MB limit).
DROP INDEX "Memory_search_idx";

CREATE TABLE "MemorySearch" (
  "memoryId" TEXT NOT NULL,
  "workspaceId" TEXT NOT NULL,
  "words" TSVECTOR NOT NULL,
  CONSTRAINT "MemorySearch_pkey" PRIMARY KEY ("memoryId", "workspaceId")
) PARTITION BY HASH ("workspaceId");
DO $$
BEGIN
  FOR r IN 0..15 LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "MemorySearch" FOR VALUES WITH (MODULUS 16, REMAINDER %s)', 'MemorySearch_p' || lpad(r::text, 2, '0'), r);
  END LOOP;
END $$;
CREATE INDEX "MemorySearch_words_idx" ON "MemorySearch" USING GIN ("words");

-- Holds ids only. A noted row is touched again by every later change (ON CONFLICT DO UPDATE gives
-- it a new xmin), so the indexer, which removes a row only if its xmin is still the one it read,
-- never drops a change committed after it read the content.
CREATE TABLE "MemorySearchQueue" (
  "workspaceId" TEXT NOT NULL,
  "memoryId" TEXT NOT NULL,
  CONSTRAINT "MemorySearchQueue_pkey" PRIMARY KEY ("workspaceId", "memoryId")
);

CREATE FUNCTION "Memory_search_note"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO "MemorySearchQueue" VALUES (OLD."workspaceId", OLD."id")
      ON CONFLICT ("workspaceId", "memoryId") DO UPDATE SET "memoryId" = EXCLUDED."memoryId";
  ELSE
    INSERT INTO "MemorySearchQueue" VALUES (NEW."workspaceId", NEW."id")
      ON CONFLICT ("workspaceId", "memoryId") DO UPDATE SET "memoryId" = EXCLUDED."memoryId";
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Memory_search_insert" AFTER INSERT ON "Memory" FOR EACH ROW EXECUTE FUNCTION "Memory_search_note"();
CREATE TRIGGER "Memory_search_update" AFTER UPDATE OF "content", "deletedAt" ON "Memory" FOR EACH ROW
  WHEN (NEW."content" IS DISTINCT FROM OLD."content" OR NEW."deletedAt" IS DISTINCT FROM OLD."deletedAt")
  EXECUTE FUNCTION "Memory_search_note"();
CREATE TRIGGER "Memory_search_delete" AFTER DELETE ON "Memory" FOR EACH ROW EXECUTE FUNCTION "Memory_search_note"();

-- Existing databases: every live memory is noted, and indexed by the indexer's first passes.
INSERT INTO "MemorySearchQueue" SELECT "workspaceId", "id" FROM "Memory" WHERE "deletedAt" IS NULL;
