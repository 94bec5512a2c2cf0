import "server-only";
import { z } from "@hono/zod-openapi";
import { searchMemories } from "../../search/search-memories";
import { defineRoute } from "../define-route";
import { limit, page } from "../schemas";

const searchResultSchema = z
  .object({
    memory_store_id: z.string(),
    memory_id: z.string(),
    path: z.string(),
    line: z.number().int().openapi({ description: "1-based line of the first match" }),
    snippet: z.string().openapi({ description: "That line, cut to 200 characters around the match when longer" }),
    highlights: z.array(z.tuple([z.number().int(), z.number().int()])).openapi({ description: "[start, end) ranges of the matches within snippet" }),
  })
  .openapi("SearchResult");
export type WireSearchHit = z.infer<typeof searchResultSchema>;

export const searchResponseSchema = z.object({ data: z.array(searchResultSchema), next_page: z.string().nullable() }).openapi("SearchResultPage");

export const searchRoutes = [
  defineRoute({
    method: "get",
    path: "/search",
    summary: "Full-text search over the current files of the stores you can read (words; the last letters of each word may be left off)",
    tag: "Search",
    query: z.object({ q: z.string().min(1).max(500), store_id: z.string().min(1).max(100).optional(), limit, page }),
    response: searchResponseSchema,
    handler: ({ ctx, query }) => searchMemories(ctx, { query: query.q, storeId: query.store_id, limit: query.limit, page: query.page }),
  }),
];
