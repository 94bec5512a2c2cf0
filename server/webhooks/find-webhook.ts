import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import type { Tx } from "../db/client";
import { getDb } from "../db/client";
import { notFound } from "../http/api-error";

/** An endpoint of the caller's workspace that the caller may manage; another workspace's answers 404. */
export async function findWebhook(ctx: RequestContext, webhookId: string, tx?: Tx) {
  authorize(ctx, "webhooks:manage");
  const db = tx ?? (await getDb()).db;
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: webhookId, workspaceId: ctx.principal.workspaceId } });
  if (!endpoint) throw notFound(`Webhook ${webhookId}`);
  return endpoint;
}
