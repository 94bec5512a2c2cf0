import "server-only";
import type { RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { auditWebhook } from "./audit-webhook";
import { findWebhook } from "./find-webhook";

/** Deletes an endpoint with its deliveries (the schema cascades); nothing more is sent to it. */
export async function deleteWebhook(ctx: RequestContext, webhookId: string) {
  const { workspaceId } = ctx.principal;
  return runTransaction(
    async ({ tx }) => {
      const endpoint = await findWebhook(ctx, webhookId, tx);
      await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
      await auditWebhook(tx, ctx, "webhook.deleted", endpoint.id, { host: new URL(endpoint.url).host });
      return { id: endpoint.id, type: "webhook_deleted" as const };
    },
    { lockWorkspace: workspaceId },
  );
}
