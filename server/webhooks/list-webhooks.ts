import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { toWireWebhook } from "./serialize-webhook";

/** The workspace's endpoints, newest first. */
export async function listWebhooks(ctx: RequestContext, input: { limit: number; page?: string }) {
  authorize(ctx, "webhooks:manage");
  const { db } = await getDb();
  const cursor = decodeCursor(input.page, { id: "string" });
  const rows = await db.webhookEndpoint.findMany({
    where: { workspaceId: ctx.principal.workspaceId, ...(cursor ? { id: { lt: cursor.id } } : {}) },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, toWireWebhook, (row) => ({ id: row.id }));
}
