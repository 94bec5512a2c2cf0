import "server-only";
import { newId } from "@/lib/ids";
import { WEBHOOK_TEST_EVENT, type WebhookEnvelope } from "@/lib/webhooks/event-types";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { findWebhook } from "./find-webhook";
import { toWireDelivery } from "./serialize-webhook";

/** Queues a webhook.test event for the endpoint (sent even while it is disabled, so a fix can be checked first). */
export async function testWebhook(ctx: RequestContext, webhookId: string) {
  const endpoint = await findWebhook(ctx, webhookId);
  const { db } = await getDb();
  const now = new Date();
  const eventId = newId("webhookEvent");
  const envelope: WebhookEnvelope = {
    id: eventId,
    created_at: now.toISOString(),
    type: "event",
    data: { id: endpoint.id, workspace_id: endpoint.workspaceId, type: WEBHOOK_TEST_EVENT },
  };
  const delivery = await db.webhookDelivery.create({
    data: {
      id: newId("webhookDelivery"),
      workspaceId: endpoint.workspaceId,
      endpointId: endpoint.id,
      eventId,
      eventType: WEBHOOK_TEST_EVENT,
      payload: JSON.stringify(envelope),
      nextAttemptAt: now,
      createdAt: now,
    },
  });
  return toWireDelivery(delivery);
}
