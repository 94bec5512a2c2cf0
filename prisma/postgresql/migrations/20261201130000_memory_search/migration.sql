-- Full-text search over current files (GET /api/v1/search): a partial GIN index over the live
-- memories' content, maintained by PostgreSQL itself on every write. Words are runs of letters and
-- digits, as SQLite's unicode61 tokenizer sees them ('simple': no stemming, no stop words). The
-- first 100,000 characters are indexed, which keeps every tsvector far below its 1 MB limit.
-- server/search/query-search-index.ts repeats this expression exactly, so the planner can use it.
CREATE INDEX "Memory_search_idx" ON "Memory" USING GIN (to_tsvector('simple', regexp_replace(left("content", 100000), '[^[:alnum:]]+', ' ', 'g'))) WHERE "deletedAt" IS NULL;
