"use server";
import { requireUser } from "@/server/auth/require-user";
import { storeDeletionCounts } from "@/server/stores/store-deletion-counts";

/** What deleting a store would remove, counted when the confirmation opens. */
export async function storeCountsAction(storeId: string): Promise<{ memories: number; versions: number }> {
  const { ctx } = await requireUser();
  return storeDeletionCounts(ctx, storeId);
}
