import "server-only";
import { fts5Query, tsQuery, type SearchTerm } from "@/lib/search/search-terms";
import type { Db, Dialect } from "../db/client";

export type IndexRow = { id: string; storeId: string; path: string; content: string };

export type IndexQuery = { terms: SearchTerm[]; workspaceId: string; storeIds: string[]; limit: number; offset: number };

/**
 * Live memories of `storeIds` whose current content matches every term, best first. SQLite asks
 * the FTS5 table `MemorySearch` (live rows of "Memory" by rowid, sqlite-search-indexer.ts);
 * PostgreSQL the partial GIN index on the memory's stored words (the write path's, from the same
 * tokenizer as the query's: lib/search/search-words.ts; migration 20261207140000_search_words).
 * Neither reads history.
 */
export async function querySearchIndex(db: Db, dialect: Dialect, query: IndexQuery): Promise<IndexRow[]> {
  if (query.storeIds.length === 0) return [];
  if (dialect === "sqlite") {
    return db.$queryRawUnsafe<IndexRow[]>(
      `SELECT m."id", m."storeId", m."path", m."content"
         FROM "MemorySearch" s JOIN "Memory" m ON m.rowid = s.rowid
        WHERE "MemorySearch" MATCH ? AND m."deletedAt" IS NULL AND m."storeId" IN (SELECT value FROM json_each(?))
        ORDER BY s.rank, m."path", m."id"
        LIMIT ? OFFSET ?`,
      fts5Query(query.terms),
      JSON.stringify(query.storeIds),
      query.limit,
      query.offset,
    );
  }
  return db.$queryRawUnsafe<IndexRow[]>(
    `WITH q AS (SELECT $1::tsquery AS query)
     SELECT m."id", m."storeId", m."path", m."content"
       FROM "Memory" m, q
      WHERE m."workspaceId" = $5 AND m."deletedAt" IS NULL AND m."storeId" = ANY($2::text[]) AND m."searchWords" @@ q.query
      ORDER BY ts_rank(m."searchWords", q.query) DESC, m."path", m."id"
      LIMIT $3 OFFSET $4`,
    tsQuery(query.terms),
    query.storeIds,
    query.limit,
    query.offset,
    query.workspaceId,
  );
}
