import "server-only";
import type { Db, Dialect } from "../db/client";

export type PreviousVersion = { id: string; content: string | null; path: string | null; sizeBytes: number | null; redacted: boolean };

type Row = {
  id: string;
  prevId: string | null;
  content: string | null;
  path: string | null;
  sizeBytes: number | bigint | null;
  redacted: number | boolean | bigint | null;
};

/**
 * The version before each given one (same memory), in one query: a correlated subquery walks the
 * (storeId, memoryId, id) index once per version.
 */
export async function previousVersions(db: Db, dialect: Dialect, versionIds: string[]): Promise<Map<string, PreviousVersion>> {
  const found = new Map<string, PreviousVersion>();
  if (versionIds.length === 0) return found;
  const placeholders = versionIds.map((_, i) => (dialect === "postgresql" ? `$${i + 1}` : "?")).join(", ");
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT v."id" AS "id", p."id" AS "prevId", p."content" AS "content", p."path" AS "path", p."sizeBytes" AS "sizeBytes",
            CASE WHEN p."redactedAt" IS NULL THEN 0 ELSE 1 END AS "redacted"
       FROM "MemoryVersion" v
       LEFT JOIN "MemoryVersion" p ON p."id" = (
         SELECT q."id" FROM "MemoryVersion" q
          WHERE q."storeId" = v."storeId" AND q."memoryId" = v."memoryId" AND q."id" < v."id"
          ORDER BY q."id" DESC LIMIT 1)
      WHERE v."id" IN (${placeholders})`,
    ...versionIds,
  );
  for (const row of rows) {
    if (!row.prevId) continue;
    found.set(row.id, {
      id: row.prevId,
      content: row.content,
      path: row.path,
      sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
      redacted: Number(row.redacted) === 1,
    });
  }
  return found;
}
