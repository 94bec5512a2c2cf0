import "server-only";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { findWebhook } from "./find-webhook";
import { toWireDelivery } from "./serialize-webhook";

export type DeliveryStatus = "pending" | "succeeded" | "failed";

/** An endpoint's deliveries, newest first, optionally of one status. */
export async function listDeliveries(ctx: RequestContext, webhookId: string, input: { limit: number; page?: string; status?: DeliveryStatus }) {
  const endpoint = await findWebhook(ctx, webhookId);
  const { db } = await getDb();
  const cursor = decodeCursor(input.page, { id: "string" });
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId: endpoint.id, ...(input.status ? { status: input.status } : {}), ...(cursor ? { id: { lt: cursor.id } } : {}) },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, toWireDelivery, (row) => ({ id: row.id }));
}
