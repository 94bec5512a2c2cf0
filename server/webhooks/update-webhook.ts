import "server-only";
import type { WebhookEventType } from "@/lib/webhooks/event-types";
import type { RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { auditWebhook } from "./audit-webhook";
import { findWebhook } from "./find-webhook";
import { toWireWebhook } from "./serialize-webhook";
import { checkTargetUrl } from "./target-address";

export type UpdateWebhookInput = { url?: string; events?: WebhookEventType[]; description?: string; enabled?: boolean };

/**
 * Changes an endpoint. `enabled: true` re-enables one that was disabled (its waiting deliveries
 * resume); `enabled: false` pauses it: nothing is queued or sent while it is disabled.
 */
export async function updateWebhook(ctx: RequestContext, webhookId: string, input: UpdateWebhookInput) {
  await findWebhook(ctx, webhookId);
  const url = input.url === undefined ? undefined : await checkTargetUrl(input.url);
  const { workspaceId } = ctx.principal;
  return runTransaction(
    async ({ tx }) => {
      const endpoint = await findWebhook(ctx, webhookId, tx);
      const now = new Date();
      const enabling = input.enabled === true && endpoint.disabledAt !== null;
      const disabling = input.enabled === false && endpoint.disabledAt === null;
      const updated = await tx.webhookEndpoint.update({
        where: { id: endpoint.id },
        data: {
          ...(url !== undefined ? { url } : {}),
          ...(input.events ? { events: JSON.stringify([...new Set(input.events)]) } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(enabling ? { disabledAt: null, disabledReason: null } : {}),
          ...(disabling ? { disabledAt: now, disabledReason: "Disabled by an admin." } : {}),
          updatedAt: now,
        },
      });
      // Deliveries that ran out of attempts while it failed are retried once it is enabled again.
      if (enabling) {
        await tx.webhookDelivery.updateMany({
          where: { endpointId: endpoint.id, status: "failed" },
          data: { status: "pending", attempts: 0, nextAttemptAt: now, leaseUntil: null, leaseToken: null },
        });
      }
      await auditWebhook(tx, ctx, "webhook.updated", endpoint.id, {
        ...(url !== undefined ? { host: new URL(url).host } : {}),
        ...(input.events ? { events: input.events } : {}),
        ...(enabling ? { enabled: true } : disabling ? { enabled: false } : {}),
      });
      return toWireWebhook(updated);
    },
    { lockWorkspace: workspaceId },
  );
}
