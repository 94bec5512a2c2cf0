import "server-only";
import type { RequestContext } from "../auth/principal";
import { findWebhook } from "./find-webhook";
import { toWireWebhook } from "./serialize-webhook";

export async function getWebhook(ctx: RequestContext, webhookId: string) {
  return toWireWebhook(await findWebhook(ctx, webhookId));
}
