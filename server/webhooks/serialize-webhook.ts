import "server-only";
import type { WireWebhook, WireWebhookDelivery } from "../api/routes/webhooks";
import type { WebhookDelivery, WebhookEndpoint } from "../db/generated/sqlite/client";

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toWireWebhook(endpoint: WebhookEndpoint): WireWebhook {
  return {
    type: "webhook" as const,
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: JSON.parse(endpoint.events) as string[],
    secret_prefix: endpoint.secretPrefix,
    status: endpoint.disabledAt ? ("disabled" as const) : ("enabled" as const),
    disabled_at: iso(endpoint.disabledAt),
    disabled_reason: endpoint.disabledReason,
    created_at: endpoint.createdAt.toISOString(),
    updated_at: endpoint.updatedAt.toISOString(),
  };
}

export function toWireDelivery(delivery: WebhookDelivery): WireWebhookDelivery {
  return {
    type: "webhook_delivery" as const,
    id: delivery.id,
    webhook_id: delivery.endpointId,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    status: delivery.status as "pending" | "succeeded" | "failed",
    attempts: delivery.attempts,
    response_status_code: delivery.lastStatusCode,
    error: delivery.lastError,
    duration_ms: delivery.lastDurationMs,
    next_attempt_at: delivery.status === "pending" ? delivery.nextAttemptAt.toISOString() : null,
    last_attempt_at: iso(delivery.lastAttemptAt),
    delivered_at: iso(delivery.deliveredAt),
    created_at: delivery.createdAt.toISOString(),
  };
}
