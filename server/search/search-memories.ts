import "server-only";
import { findSearchHit } from "@/lib/search/search-hit";
import { parseSearchQuery } from "@/lib/search/search-terms";
import type { RequestContext } from "../auth/principal";
import { readGate } from "../auth/store-policy";
import { getDb } from "../db/client";
import { badRequest } from "../http/api-error";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { scopeStores } from "../redaction/scope-stores";
import { querySearchIndex } from "./query-search-index";
import { catchUpSearchIndex, startSearchIndexer } from "./sqlite-search-indexer";

export type SearchInput = { query: string; storeId?: string; limit: number; page?: string };

export type SearchResult = {
  memory_store_id: string;
  memory_id: string;
  path: string;
  line: number;
  snippet: string;
  highlights: [number, number][];
};

/** Deep pages cost the database a scan of every earlier match; past this, narrow the query. */
const MAX_OFFSET = 10_000;

/**
 * Full-text search over the current (live) files of the stores the caller may read: one named
 * store, or every store of the workspace it can see (agent keys: only their granted stores).
 * History is never searched here (that is compliance's redaction search).
 */
export async function searchMemories(ctx: RequestContext, input: SearchInput): Promise<{ data: SearchResult[]; next_page: string | null }> {
  const parsed = parseSearchQuery(input.query);
  if (!parsed.ok) throw badRequest(parsed.message);
  const storeIds = await scopeStores(ctx, "memory:read", input.storeId);
  const offset = decodeCursor(input.page, { o: "integer" })?.o ?? 0;
  if (offset < 0 || offset > MAX_OFFSET) throw badRequest("page is not a valid cursor; pass the next_page value of a previous response");
  const { db, dialect } = await getDb();
  if (dialect === "sqlite") {
    // Results include every write acknowledged before the search.
    startSearchIndexer();
    await catchUpSearchIndex();
  }
  const rows = await querySearchIndex(db, dialect, { terms: parsed.terms, workspaceId: ctx.principal.workspaceId, storeIds, limit: input.limit + 1, offset });
  // A path-scoped key finds only files it may read (the offset still counts every match, so pages stay stable).
  const gates = new Map(await Promise.all(storeIds.map(async (id) => [id, await readGate(ctx.principal, id)] as const)));
  const visible = (row: { storeId: string; path: string }) => gates.get(row.storeId)?.(row.path) ?? true;
  const data = rows
    .slice(0, input.limit)
    .filter(visible)
    .map((row): SearchResult => {
      const hit = findSearchHit(row.content, parsed.terms) ?? { line: 1, snippet: row.content.split("\n", 1)[0].slice(0, 200), highlights: [] };
      return { memory_store_id: row.storeId, memory_id: row.id, path: row.path, ...hit };
    });
  const more = rows.length > input.limit && offset + input.limit <= MAX_OFFSET;
  return { data, next_page: more ? encodeCursor({ o: offset + input.limit }) : null };
}
