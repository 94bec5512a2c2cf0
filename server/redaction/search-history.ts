import "server-only";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { versionActor } from "../memory/serialize";
import { maskedExcerpt } from "./mask";
import { scanVersions, type VersionHit } from "./scan-versions";
import { scopeStores } from "./scope-stores";
import { compilePattern } from "./text-pattern";

export type SearchInput = { query: string; regex?: boolean; storeId?: string; includeHistory?: boolean; limit: number; page?: string };

/**
 * Finds a string or pattern in current files and every past version, newest first. Excerpts are
 * masked: the response never carries the matched text itself.
 */
export async function searchHistory(ctx: RequestContext, input: SearchInput) {
  const pattern = compilePattern(input.query, input.regex);
  const storeIds = await scopeStores(ctx, "redaction:create", input.storeId);
  const cursor = decodeCursor<{ id: string }>(input.page, ["id"]);
  const { db } = await getDb();
  const hits = await scanVersions(db, pattern, {
    storeIds,
    includeHistory: input.includeHistory ?? true,
    beforeId: cursor?.id,
    stopAfter: input.limit + 1,
  });
  return pageOf(hits, input.limit, toSearchResult, (hit) => ({ id: hit.version.id }));
}

export function toSearchResult({ version, matches, isHead }: VersionHit) {
  return {
    type: "redaction_search_result" as const,
    memory_id: version.memoryId,
    store_id: version.storeId,
    version_id: version.id,
    path: version.path,
    operation: version.operation,
    created_at: version.createdAt.toISOString(),
    created_by: versionActor(version),
    is_head: isHead,
    match_count: matches.length,
    excerpt: maskedExcerpt(version.content ?? "", matches),
  };
}
