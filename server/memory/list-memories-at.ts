import "server-only";
import { sqlParams } from "../db/sql-params";
import { rollupPrefix } from "@/lib/memory-path";
import { authorizeStore } from "../auth/authorize";
import { readGate } from "../auth/store-policy";
import type { RequestContext } from "../auth/principal";
import { getDb, type Dialect, type Tx } from "../db/client";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { resolvePointInTime, toWireMemoryAt, type PointInTime } from "./point-in-time";
import type { StoreRef } from "../stores/store-ref";
import type { View } from "./serialize";

export type ListMemoriesAtInput = PointInTime & { pathPrefix: string; depth: number; limit: number; page?: string; view: View };
type Item = ReturnType<typeof toWireMemoryAt> | { type: "memory_prefix"; path: string };
type Cursor = { after: string; inclusive: number };
type Bound = { gt: string } | { gte: string };

const pastDirectory = (dir: string) => dir.slice(0, -1) + "0";

/**
 * Per memory of the store, its newest version with id <= boundary (an index seek on
 * (storeId, memoryId, id)), skipping deletions, in path order from `lower`. Paths compare
 * bytewise, as in the live listing. The workspace is a constant on every table (PostgreSQL reads
 * that workspace's partitions only).
 */
async function versionsAt(db: Tx, dialect: Dialect, store: StoreRef, boundaryId: string, lower: Bound, upper: string | null, take: number | null) {
  const { params, p } = sqlParams(dialect);
  const path = dialect === "postgresql" ? `COALESCE(v."path" COLLATE "C", m."path")` : `COALESCE(v."path", m."path")`;
  const sql = `SELECT v."id" AS "id", ${path} AS "path"
    FROM "Memory" m
    JOIN "MemoryVersion" v ON v."workspaceId" = ${p(store.workspaceId)} AND v."id" = (
      SELECT MAX(x."id") FROM "MemoryVersion" x
      WHERE x."workspaceId" = ${p(store.workspaceId)} AND x."storeId" = m."storeId" AND x."memoryId" = m."id" AND x."id" <= ${p(boundaryId)})
    WHERE m."workspaceId" = ${p(store.workspaceId)} AND m."storeId" = ${p(store.id)} AND v."operation" <> 'deleted'
      AND ${path} ${"gt" in lower ? ">" : ">="} ${p("gt" in lower ? lower.gt : lower.gte)}
      ${upper === null ? "" : `AND ${path} < ${p(upper)}`}
    ORDER BY 2${take === null ? "" : ` LIMIT ${p(take)}`}`;
  return db.$queryRawUnsafe<{ id: string; path: string }[]>(sql, ...params);
}

/**
 * The store as it was at a moment, listed like the live store (path prefix, depth rollups,
 * cursor pages): each memory's newest version up to then, unless that version deleted it.
 */
export async function listMemoriesAt(ctx: RequestContext, storeId: string, input: ListMemoriesAtInput) {
  const store = await authorizeStore(ctx, "memory:read", storeId);
  const visible = await readGate(ctx.principal, storeId);
  const { db, dialect } = await getDb();
  const { boundaryId, asOf } = await resolvePointInTime(db, ctx, storeId, input);
  const cursor = decodeCursor(input.page, { after: "string", inclusive: "integer" });
  if (!boundaryId) return { data: [] as Item[], next_page: null, as_of: asOf };

  const lower: Bound = cursor ? (cursor.inclusive ? { gte: cursor.after } : { gt: cursor.after }) : { gte: input.pathPrefix };
  const upper = input.pathPrefix === "/" ? null : pastDirectory(input.pathPrefix);
  // Historical paths have no index, so every query evaluates each memory of the store once: with
  // rollups, read the whole range in one query and skip rolled-up directories here instead of
  // querying again past each one.
  const rows = await versionsAt(db, dialect, store, boundaryId, lower, upper, input.depth > 0 ? null : input.limit + 1);
  const slots: ({ versionId: string } | { type: "memory_prefix"; path: string })[] = [];
  let next: Cursor | null = null;
  let more = false;
  let rolledUp: string | null = null;
  for (const row of rows) {
    if (rolledUp && row.path.startsWith(rolledUp)) continue;
    if (visible && !visible(row.path)) continue;
    if (slots.length === input.limit) {
      more = true;
      break;
    }
    const dir = rollupPrefix(row.path, input.pathPrefix, input.depth);
    if (dir) {
      slots.push({ type: "memory_prefix", path: dir });
      rolledUp = dir;
      next = { after: pastDirectory(dir), inclusive: 1 };
      continue;
    }
    slots.push({ versionId: row.id });
    next = { after: row.path, inclusive: 0 };
  }

  const ids = slots.flatMap((slot) => ("versionId" in slot ? [slot.versionId] : []));
  const { workspaceId } = store;
  const versions = new Map((await db.memoryVersion.findMany({ where: { workspaceId, id: { in: ids } } })).map((v) => [v.id, v]));
  const memoryIds = [...new Set([...versions.values()].map((v) => v.memoryId))];
  const memories = new Map(
    (await db.memory.findMany({ where: { workspaceId, id: { in: memoryIds } }, select: { id: true, createdAt: true, path: true } })).map((m) => [m.id, m]),
  );
  const data: Item[] = slots.map((slot) => {
    if (!("versionId" in slot)) return slot;
    const version = versions.get(slot.versionId)!;
    return toWireMemoryAt(version, memories.get(version.memoryId)!, input.view);
  });
  return { data, next_page: more && next ? encodeCursor(next) : null, as_of: asOf };
}
