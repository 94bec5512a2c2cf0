"use server";
import { authorize, authorizeStore } from "@/server/auth/authorize";
import { requireUser } from "@/server/auth/require-user";
import { getDb } from "@/server/db/client";

/** What deleting a store would remove, counted when the confirmation opens. */
export async function storeCountsAction(storeId: string): Promise<{ memories: number; versions: number }> {
  const { ctx } = await requireUser();
  authorize(ctx, "stores:manage");
  await authorizeStore(ctx, "stores:read", storeId);
  const { db } = await getDb();
  const [memories, versions] = await Promise.all([db.memory.count({ where: { storeId } }), db.memoryVersion.count({ where: { storeId } })]);
  return { memories, versions };
}
