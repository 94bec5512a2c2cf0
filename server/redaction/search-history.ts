import "server-only";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { versionActor } from "../memory/serialize";
import { maskedExcerpt } from "./mask";
import { spansOf } from "./redaction-spans";
import { searchProposals } from "./redact-proposals";
import { scanVersions, type VersionHit } from "./scan-versions";
import { scopeStores } from "./scope-stores";
import { maskPath } from "./redact-paths";
import { compilePattern, type TextPattern } from "./text-pattern";
import type { WireMemoryVersion } from "../api/schemas";

export type SearchInput = { query: string; regex?: boolean; storeId?: string; includeHistory?: boolean; limit: number; page?: string };

/**
 * Finds a string or pattern in current files and every past version, newest first. Excerpts are
 * masked: the response never carries the matched text itself.
 */
export async function searchHistory(ctx: RequestContext, input: SearchInput) {
  const pattern = compilePattern(input.query, input.regex);
  const storeIds = await scopeStores(ctx, "redaction:create", input.storeId);
  const cursor = decodeCursor(input.page, { id: "string" });
  const { db } = await getDb();
  const workspaceId = ctx.principal.workspaceId;
  const hits = await scanVersions(db, pattern, {
    workspaceId,
    storeIds,
    includeHistory: input.includeHistory ?? true,
    beforeId: cursor?.id,
    stopAfter: input.limit + 1,
    offThread: true,
  });
  const page = pageOf(
    hits,
    input.limit,
    (hit) => toSearchResult(pattern, hit),
    (hit) => ({ id: hit.version.id }),
  );
  // Proposals (memory content awaiting review or kept after it) on the first page, beside the versions.
  return { ...page, proposals: cursor ? [] : await searchProposals(db, workspaceId, pattern, storeIds) };
}

function toSearchResult(pattern: TextPattern, { version, matches, isHead }: VersionHit) {
  return {
    type: "redaction_search_result" as const,
    memory_id: version.memoryId,
    store_id: version.storeId,
    version_id: version.id,
    path: maskPath(pattern, version.path),
    operation: version.operation as WireMemoryVersion["operation"],
    created_at: version.createdAt.toISOString(),
    created_by: versionActor(version),
    is_head: isHead,
    match_count: matches.length,
    // The whole token around each match is masked, not just the query: a typed prefix must not reveal the rest of a key.
    excerpt: maskedExcerpt(version.content ?? "", spansOf(version.content ?? "", matches)),
  };
}
