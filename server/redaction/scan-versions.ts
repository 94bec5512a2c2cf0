import "server-only";
import type { Tx } from "../db/client";
import type { MemoryVersion } from "../db/generated/sqlite/client";
import { scanRegexOffThread, type RegexHit } from "./regex-scan";
import type { Match, TextPattern } from "./text-pattern";

export type VersionHit = { version: MemoryVersion; matches: Match[]; isHead: boolean };

const BATCH = 500;

export type ScanOptions = {
  /** The stores' workspace (on PostgreSQL, the partition to read). */
  workspaceId: string;
  storeIds: string[];
  /** false: only the current content of live memories. */
  includeHistory: boolean;
  /** Newest first, starting below this version id. */
  beforeId?: string;
  /** Stop after this many hits (the caller asks for one more than a page). */
  stopAfter?: number;
  /** Regexes only, outside a transaction: scan on a worker thread (regex-scan.ts) so the event loop stays free. */
  offThread?: boolean;
};

/**
 * Walks a set of stores' versions newest first and yields those whose content matches. Literal
 * queries are pre-filtered by the database (a superset: SQLite's LIKE ignores ASCII case), then
 * matched exactly here; regexes are matched here under the pattern's time budget.
 */
export async function scanVersions(db: Tx, pattern: TextPattern, options: ScanOptions): Promise<VersionHit[]> {
  const hits: VersionHit[] = [];
  if (options.storeIds.length === 0) return hits;
  const { workspaceId } = options;
  const heads = await db.memory.findMany({
    where: { workspaceId, storeId: { in: options.storeIds }, deletedAt: null },
    select: { headVersionId: true },
  });
  const liveHeads = new Set(heads.map((m) => m.headVersionId));
  if (pattern.engine === "re2" && options.offThread) return hitsOf(db, workspaceId, pattern, await scanRegexOffThread(pattern.source, options), liveHeads);
  let before = options.beforeId;
  for (;;) {
    const id = { ...(before ? { lt: before } : {}), ...(options.includeHistory ? {} : { in: [...liveHeads] }) };
    const rows = await db.memoryVersion.findMany({
      where: {
        workspaceId,
        storeId: { in: options.storeIds },
        redactedAt: null,
        content: pattern.regex ? { not: null } : { contains: pattern.source },
        ...(Object.keys(id).length ? { id } : {}),
      },
      orderBy: { id: "desc" },
      take: BATCH,
    });
    if (rows.length === 0) break;
    const found = pattern.find(rows.map((row) => row.content ?? ""));
    for (let i = 0; i < rows.length; i++) {
      if (found[i].length === 0) continue;
      hits.push({ version: rows[i], matches: found[i], isHead: liveHeads.has(rows[i].id) });
      if (options.stopAfter && hits.length >= options.stopAfter) return hits;
    }
    if (rows.length < BATCH) break;
    before = rows[rows.length - 1].id;
  }
  return hits;
}

/** The worker's hits as rows, matched again here: a version may have been redacted or rewritten since the worker read it. */
async function hitsOf(db: Tx, workspaceId: string, pattern: TextPattern, found: RegexHit[], liveHeads: Set<string>): Promise<VersionHit[]> {
  if (found.length === 0) return [];
  const rows = await db.memoryVersion.findMany({
    where: { workspaceId, id: { in: found.map((hit) => hit.id) }, redactedAt: null },
    orderBy: { id: "desc" },
  });
  const matched = pattern.find(rows.map((row) => row.content ?? ""));
  return rows.flatMap((version, i) => (matched[i].length ? [{ version, matches: matched[i], isHead: liveHeads.has(version.id) }] : []));
}
