import "server-only";
import type { Dialect } from "../db/client";
import { allRows, jsonList, runSql, type Step } from "../db/sql-step";

/** A version as the scanner reads it: where it lives, its text, and whether a scan has marked it. */
export type ScanRow = { id: string; workspaceId: string; storeId: string; memoryId: string; content: string | null; marked: boolean };

/**
 * The scanner's reads and marks in raw SQL on the write path's connections (server/db/run-step.ts):
 * Prisma's query compiler cost more CPU per version than the detectors themselves. Redacted
 * versions are never read. A version and its mark come back in one query.
 */
export function scanStore(dialect: Dialect) {
  // Each version's mark by one probe of its key: joined instead, the planner may walk every mark
  // below the batch (or, without statistics, join everything above the cursor before its LIMIT).
  const mark = `(SELECT s."versionId" FROM "ScannedVersion" s WHERE s."versionId" = v."id")`;
  const columns = `v."id", v."workspaceId", v."storeId", v."memoryId", v."content"`;
  const select = (from = `"MemoryVersion" v`) => `SELECT ${columns}, ${mark} AS "marked" FROM ${from}`;
  const rows = (found: (Omit<ScanRow, "marked"> & { marked: string | null })[]): ScanRow[] => found.map((r) => ({ ...r, marked: r.marked !== null }));
  const ids = jsonList(dialect);
  return {
    /** The next versions after `after`, in id order: the batch is taken first, then its marks. */
    *after(after: string, limit: number): Step<ScanRow[]> {
      const batch = `SELECT ${columns} FROM "MemoryVersion" v WHERE v."id" > ? AND v."redactedAt" IS NULL ORDER BY v."id" LIMIT ?`;
      return rows(yield* allRows(`${select(`(${batch}) v`)} ORDER BY v."id"`, [after, limit]));
    },

    /** Versions in (after, upper] that no scan has marked (the late-commit sweep), in id order. */
    *unmarkedBetween(after: string, upper: string, limit: number): Step<ScanRow[]> {
      return rows(
        yield* allRows(`${select()} WHERE v."id" > ? AND v."id" <= ? AND v."redactedAt" IS NULL AND ${mark} IS NULL ORDER BY v."id" LIMIT ?`, [
          after,
          upper,
          limit,
        ]),
      );
    },

    /** These versions of one workspace (those that exist and are not redacted): its partition only, on PostgreSQL. */
    *byIds(workspaceId: string, versionIds: readonly string[]): Step<ScanRow[]> {
      return rows(
        yield* allRows(`${select()} WHERE v."workspaceId" = ? AND v."id" IN ${ids} AND v."redactedAt" IS NULL`, [workspaceId, JSON.stringify(versionIds)]),
      );
    },

    /** Marks versions scanned; a mark another instance wrote first is left as it is. */
    *mark(versionIds: readonly string[], at: Date): Step<number> {
      const source =
        dialect === "postgresql"
          ? `SELECT id, CAST(? AS TIMESTAMP(3)) FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS id`
          : `SELECT value, ? FROM json_each(?) WHERE true`; // WHERE: SQLite's parser needs it before ON CONFLICT
      return yield* runSql(`INSERT INTO "ScannedVersion" ("versionId", "scannedAt") ${source} ON CONFLICT ("versionId") DO NOTHING`, [
        at,
        JSON.stringify(versionIds),
      ]);
    },
  };
}
