import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { readableStoresWhere } from "../auth/readable-stores";
import { getDb } from "../db/client";
import { containsText, includesText } from "../db/contains-text";

export type FileMatch = { memory_store_id: string; memory_store_name: string; memory_id: string; path: string; updated_at: string };

/**
 * Live files whose path contains `text` (any case), in every store the caller may read now,
 * most recently changed first. For "go to anything"; content is never searched here.
 */
export async function findFilesByPath(ctx: RequestContext, text: string, limit: number): Promise<FileMatch[]> {
  authorize(ctx, "memory:read");
  const { db, dialect } = await getDb();
  const rows = await db.memory.findMany({
    where: {
      workspaceId: ctx.principal.workspaceId,
      deletedAt: null,
      AND: containsText(dialect, text).map((livePath) => ({ livePath })),
      ...(await readableStoresWhere(ctx.principal)),
    },
    select: { id: true, storeId: true, path: true, updatedAt: true, store: { select: { name: true } } },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    // Room for the rows a query with % or _ finds too many of (containsText).
    take: limit * 4,
  });
  return rows
    .filter((row) => includesText(row.path, text))
    .slice(0, limit)
    .map((row) => ({
      memory_store_id: row.storeId,
      memory_store_name: row.store.name,
      memory_id: row.id,
      path: row.path,
      updated_at: row.updatedAt.toISOString(),
    }));
}
