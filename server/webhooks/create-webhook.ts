import "server-only";
import { newId } from "@/lib/ids";
import type { WebhookEventType } from "@/lib/webhooks/event-types";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { sealWorkspace } from "../audit/seal-audit-events";
import { runTransaction } from "../db/transaction";
import { auditWebhook } from "./audit-webhook";
import { sealedHead } from "./chain-head";
import { checkTargetUrl } from "./target-address";
import { toWireWebhook } from "./serialize-webhook";
import { newWebhookSecret } from "./webhook-secret";

export type CreateWebhookInput = { url: string; events: WebhookEventType[]; description?: string };

/** Registers an endpoint; the answer carries its signing secret, this once. Events from now on are sent to it. */
export async function createWebhook(ctx: RequestContext, input: CreateWebhookInput) {
  authorize(ctx, "webhooks:manage");
  const url = await checkTargetUrl(input.url);
  const { workspaceId } = ctx.principal;
  const { secret, sealed, prefix } = newWebhookSecret();
  // PostgreSQL: seal what already committed, so the head read below is after every earlier change.
  await sealWorkspace(workspaceId);
  const endpoint = await runTransaction(
    async ({ tx }) => {
      const now = new Date();
      const head = await sealedHead(tx, workspaceId);
      const created = await tx.webhookEndpoint.create({
        data: {
          id: newId("webhook"),
          workspaceId,
          url,
          description: input.description ?? "",
          events: JSON.stringify([...new Set(input.events)]),
          secretCiphertext: sealed,
          secretPrefix: prefix,
          startSeq: head,
          createdAt: now,
          updatedAt: now,
        },
      });
      // The dispatcher follows the workspace from here on (an existing cursor stays where it is).
      await tx.webhookCursor.upsert({ where: { workspaceId }, create: { workspaceId, seq: head, updatedAt: now }, update: {} });
      await auditWebhook(tx, ctx, "webhook.created", created.id, { host: new URL(url).host, events: input.events, secret_prefix: prefix });
      return created;
    },
    { lockWorkspace: workspaceId },
  );
  return { ...toWireWebhook(endpoint), secret };
}
