import "server-only";
import { sqlParams } from "../db/sql-params";
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
 * (storeId, memoryId, id) index once per version. The workspace is a constant on every table, so
 * PostgreSQL reads that workspace's partition only.
 */
export async function previousVersions(db: Db, dialect: Dialect, workspaceId: string, versionIds: string[]): Promise<Map<string, PreviousVersion>> {
  const found = new Map<string, PreviousVersion>();
  if (versionIds.length === 0) return found;
  const { params, p } = sqlParams(dialect);
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT v."id" AS "id", p."id" AS "prevId", p."content" AS "content", p."path" AS "path", p."sizeBytes" AS "sizeBytes",
            CASE WHEN p."redactedAt" IS NULL THEN 0 ELSE 1 END AS "redacted"
       FROM "MemoryVersion" v
       LEFT JOIN "MemoryVersion" p ON p."workspaceId" = ${p(workspaceId)} AND p."id" = (
         SELECT q."id" FROM "MemoryVersion" q
          WHERE q."workspaceId" = ${p(workspaceId)} AND q."storeId" = v."storeId" AND q."memoryId" = v."memoryId" AND q."id" < v."id"
          ORDER BY q."id" DESC LIMIT 1)
      WHERE v."workspaceId" = ${p(workspaceId)} AND v."id" IN (${versionIds.map(p).join(", ")})`,
    ...params,
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
