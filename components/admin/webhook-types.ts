// The wire shapes of /api/v1/webhooks the console reads: the server's zod schemas, as types.
export type { WireWebhook as Webhook, WireWebhookDelivery as WebhookDelivery } from "@/server/api/routes/webhooks";
