import "server-only";
import { authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { toWireVersion, type View } from "./serialize";

export type ListVersionsInput = {
  limit: number;
  page?: string;
  view: View;
  memoryId?: string;
  operation?: string;
  sessionId?: string;
  apiKeyId?: string;
  createdGte?: Date;
  createdLte?: Date;
  /** Oldest first instead of the default newest first (Engram extension). */
  order?: "asc" | "desc";
};

/** A store's versions, newest first, with the SDK's filters. */
export async function listVersions(ctx: RequestContext, storeId: string, input: ListVersionsInput) {
  await authorizeStore(ctx, "memory:read", storeId);
  const { db } = await getDb();
  const cursor = decodeCursor<{ id: string }>(input.page, ["id"]);
  const order = input.order ?? "desc";
  const rows = await db.memoryVersion.findMany({
    where: {
      storeId,
      ...(input.memoryId ? { memoryId: input.memoryId } : {}),
      ...(input.operation ? { operation: input.operation } : {}),
      ...(input.sessionId ? { sessionId: input.sessionId } : {}),
      ...(input.apiKeyId ? { apiKeyId: input.apiKeyId } : {}),
      ...(input.createdGte || input.createdLte ? { createdAt: { gte: input.createdGte, lte: input.createdLte } } : {}),
      ...(cursor ? { id: order === "desc" ? { lt: cursor.id } : { gt: cursor.id } } : {}),
    },
    orderBy: { id: order },
    take: input.limit + 1,
  });
  return pageOf(
    rows,
    input.limit,
    (row) => toWireVersion(row, input.view),
    (row) => ({ id: row.id }),
  );
}
