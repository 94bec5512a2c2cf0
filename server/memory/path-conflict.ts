import "server-only";
import { parentDirs } from "@/lib/memory-path";
import type { Tx } from "../db/client";
import { prepared, type SqliteConnection } from "../db/sqlite-statements";
import { ApiError } from "../http/api-error";

/** The directories above `path`, as the paths a file there would block (`/a/b/c.md` → `/a`, `/a/b`). */
const ancestorsOf = (path: string) =>
  parentDirs(path)
    .slice(1)
    .map((dir) => dir.slice(0, -1));

function conflictError(path: string, conflict: { id: string; livePath: string | null }): ApiError {
  return new ApiError("memory_path_conflict_error", `The path ${path} conflicts with the existing memory at ${conflict.livePath}.`, {
    conflicting_memory_id: conflict.id,
    conflicting_path: conflict.livePath,
  });
}

/**
 * Throws 409 memory_path_conflict_error when `path` is taken by another live memory or
 * overlaps one (`/notes` blocks `/notes/todo.md` and the reverse). Range comparisons, not
 * LIKE: SQLite's LIKE ignores case and paths are case-sensitive.
 */
export async function assertPathFree(tx: Tx, storeId: string, path: string, exceptMemoryId: string | null): Promise<void> {
  const conflict = await tx.memory.findFirst({
    where: {
      storeId,
      ...(exceptMemoryId ? { id: { not: exceptMemoryId } } : {}),
      OR: [{ livePath: { in: [path, ...ancestorsOf(path)] } }, { livePath: { gte: `${path}/`, lt: `${path}0` } }],
    },
    select: { id: true, livePath: true },
  });
  if (conflict) throw conflictError(path, conflict);
}

/** assertPathFree, synchronously, for sqliteWrite jobs. */
export function assertPathFreeSqlite(connection: SqliteConnection, storeId: string, path: string, exceptMemoryId: string | null): void {
  const candidates = [path, ...ancestorsOf(path)];
  const conflict = prepared(
    connection,
    `SELECT "id", "livePath" FROM "Memory" WHERE "storeId" = ? AND "id" != ? AND ("livePath" IN (SELECT value FROM json_each(?)) OR ("livePath" >= ? AND "livePath" < ?)) LIMIT 1`,
  ).get(storeId, exceptMemoryId ?? "", JSON.stringify(candidates), `${path}/`, `${path}0`) as { id: string; livePath: string } | undefined;
  if (conflict) throw conflictError(path, conflict);
}
