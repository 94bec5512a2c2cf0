import "server-only";
import { parentDirs } from "@/lib/memory-path";
import type { Tx } from "../db/client";
import { ApiError } from "../http/api-error";

/**
 * Throws 409 memory_path_conflict_error when `path` is taken by another live memory or
 * overlaps one (`/notes` blocks `/notes/todo.md` and the reverse). Range comparisons, not
 * LIKE: SQLite's LIKE ignores case and paths are case-sensitive.
 */
export async function assertPathFree(tx: Tx, storeId: string, path: string, exceptMemoryId: string | null): Promise<void> {
  const ancestors = parentDirs(path)
    .slice(1)
    .map((dir) => dir.slice(0, -1));
  const conflict = await tx.memory.findFirst({
    where: {
      storeId,
      ...(exceptMemoryId ? { id: { not: exceptMemoryId } } : {}),
      OR: [{ livePath: { in: [path, ...ancestors] } }, { livePath: { gte: `${path}/`, lt: `${path}0` } }],
    },
    select: { id: true, livePath: true },
  });
  if (conflict) {
    throw new ApiError("memory_path_conflict_error", `The path ${path} conflicts with the existing memory at ${conflict.livePath}.`, {
      conflicting_memory_id: conflict.id,
      conflicting_path: conflict.livePath,
    });
  }
}
