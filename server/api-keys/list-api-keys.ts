import "server-only";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { toWireApiKey } from "./serialize-api-key";

export type ListApiKeysInput = { limit: number; page?: string; agentId?: string; kind?: "admin" | "agent"; includeRevoked: boolean };

/** The workspace's keys, newest first. */
export async function listApiKeys(ctx: RequestContext, input: ListApiKeysInput) {
  authorize(ctx, "keys:manage");
  const { db } = await getDb();
  const cursor = decodeCursor(input.page, { id: "string" });
  const rows = await db.apiKey.findMany({
    where: {
      workspaceId: ctx.principal.workspaceId,
      ...(input.agentId ? { agentId: input.agentId } : {}),
      ...(input.kind ? { kind: input.kind } : {}),
      ...(input.includeRevoked ? {} : { revokedAt: null }),
      ...(cursor ? { id: { lt: cursor.id } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, toWireApiKey, (row) => ({ id: row.id }));
}
