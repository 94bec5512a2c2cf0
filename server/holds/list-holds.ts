import "server-only";
import { authorize, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { toWireHold } from "./serialize-hold";

export type ListHoldsInput = { storeId?: string; memoryId?: string; status?: "active" | "lifted"; limit: number; page?: string };

/** Legal holds, newest first, optionally of one store or memory, active or lifted. */
export async function listHolds(ctx: RequestContext, input: ListHoldsInput) {
  authorize(ctx, "holds:read");
  if (input.storeId) await authorizeStore(ctx, "stores:read", input.storeId);
  const { db } = await getDb();
  const cursor = decodeCursor(input.page, { id: "string" });
  const rows = await db.legalHold.findMany({
    where: {
      workspaceId: ctx.principal.workspaceId,
      ...(input.storeId ? { storeId: input.storeId } : {}),
      ...(input.memoryId ? { memoryId: input.memoryId } : {}),
      ...(input.status === "active" ? { liftedAt: null } : input.status === "lifted" ? { liftedAt: { not: null } } : {}),
      ...(cursor ? { id: { lt: cursor.id } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, toWireHold, (row) => ({ id: row.id }));
}
