import "server-only";
import { appendAuditEvent } from "../audit/append-audit-event";
import { getDb } from "../db/client";
import { runTransaction } from "../db/transaction";

/** Disables an endpoint whose deliveries kept failing, with the reason admins see; recorded in the audit log. */
export async function disableWebhook(endpointId: string, reason: string): Promise<void> {
  const { db } = await getDb();
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { workspaceId: true } });
  if (!endpoint) return;
  await runTransaction(
    async ({ tx }) => {
      const now = new Date();
      const changed = await tx.webhookEndpoint.updateMany({
        where: { id: endpointId, disabledAt: null },
        data: { disabledAt: now, disabledReason: reason, updatedAt: now },
      });
      if (changed.count === 0) return;
      await appendAuditEvent(tx, {
        workspaceId: endpoint.workspaceId,
        actorType: "system",
        actorId: "webhooks",
        action: "webhook.disabled",
        targetType: "webhook",
        targetId: endpointId,
        data: { reason },
      });
    },
    { lockWorkspace: endpoint.workspaceId },
  );
}
