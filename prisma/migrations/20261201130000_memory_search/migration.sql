-- Full-text search over current files (GET /api/v1/search): an FTS5 index of live memories'
-- content, keyed by "Memory".rowid. Indexing a file costs about as much CPU as the rest of its
-- write, so writes do not index: a trigger only notes the changed row in "MemorySearchQueue"
-- (one row per memory however often it changes), and server/search/sqlite-search-indexer.ts
-- indexes the noted rows in small batches, in the background and before every search.
-- Contentless with contentless_delete: the text lives once, in "Memory"; removal needs only the rowid.
CREATE VIRTUAL TABLE "MemorySearch" USING fts5("content", content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');

-- doc: a "Memory" rowid to (re)index; 0: a redaction happened, rewrite the index so no removed word stays in its pages.
CREATE TABLE "MemorySearchQueue" ("doc" INTEGER NOT NULL PRIMARY KEY);

CREATE TRIGGER "Memory_search_insert" AFTER INSERT ON "Memory"
BEGIN
  INSERT OR IGNORE INTO "MemorySearchQueue"("doc") VALUES (NEW.rowid);
END;

CREATE TRIGGER "Memory_search_update" AFTER UPDATE OF "content", "deletedAt" ON "Memory"
WHEN NEW."content" IS NOT OLD."content" OR NEW."deletedAt" IS NOT OLD."deletedAt"
BEGIN
  INSERT OR IGNORE INTO "MemorySearchQueue"("doc") VALUES (NEW.rowid);
END;

CREATE TRIGGER "Memory_search_delete" AFTER DELETE ON "Memory"
BEGIN
  INSERT OR IGNORE INTO "MemorySearchQueue"("doc") VALUES (OLD.rowid);
END;

CREATE TRIGGER "MemoryVersion_search_redacted" AFTER UPDATE OF "redactedAt" ON "MemoryVersion"
WHEN OLD."redactedAt" IS NULL AND NEW."redactedAt" IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO "MemorySearchQueue"("doc") VALUES (0);
END;

-- Existing databases: every memory is noted, and indexed by the first pass of the indexer.
INSERT OR IGNORE INTO "MemorySearchQueue"("doc") SELECT rowid FROM "Memory";
