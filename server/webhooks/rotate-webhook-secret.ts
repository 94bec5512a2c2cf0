import "server-only";
import type { RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { auditWebhook } from "./audit-webhook";
import { findWebhook } from "./find-webhook";
import { toWireWebhook } from "./serialize-webhook";
import { newWebhookSecret } from "./webhook-secret";

/** A new signing secret, shown this once; every delivery from now on (retries too) is signed with it. */
export async function rotateWebhookSecret(ctx: RequestContext, webhookId: string) {
  const { workspaceId } = ctx.principal;
  const { secret, sealed, prefix } = newWebhookSecret();
  const endpoint = await runTransaction(
    async ({ tx }) => {
      const found = await findWebhook(ctx, webhookId, tx);
      const updated = await tx.webhookEndpoint.update({
        where: { id: found.id },
        data: { secretCiphertext: sealed, secretPrefix: prefix, updatedAt: new Date() },
      });
      await auditWebhook(tx, ctx, "webhook.secret_rotated", found.id, { secret_prefix: prefix });
      return updated;
    },
    { lockWorkspace: workspaceId },
  );
  return { ...toWireWebhook(endpoint), secret };
}
