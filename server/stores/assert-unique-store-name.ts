import "server-only";
import type { Tx } from "../db/client";
import { ApiError } from "../http/api-error";

/**
 * Store names are unique in a workspace (archived stores keep theirs), compared without case:
 * two "Support" columns in the grants matrix cannot be told apart. Runs inside the
 * workspace-locked transaction, so two concurrent creates cannot both pass.
 */
export async function assertUniqueStoreName(tx: Tx, workspaceId: string, name: string, exceptStoreId?: string) {
  const stores = await tx.store.findMany({ where: { workspaceId, ...(exceptStoreId ? { id: { not: exceptStoreId } } : {}) }, select: { name: true } });
  const wanted = name.toLowerCase();
  if (stores.some((store) => store.name.toLowerCase() === wanted))
    throw new ApiError("conflict_error", `A store named "${name}" already exists in this workspace`);
}
