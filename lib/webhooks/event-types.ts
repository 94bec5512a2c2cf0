/**
 * Every event a webhook endpoint can subscribe to. The memory_store.* types are Claude Managed
 * Agents' own; the rest are Engram's. Payloads carry ids only, never content or paths.
 */
export const webhookEventTypes = [
  "memory_store.created",
  "memory_store.archived",
  "memory_store.deleted",
  "memory.created",
  "memory.modified",
  "memory.deleted",
  "memory_version.redacted",
  "session.started",
  "session.ended",
  "finding.created",
  "finding.dismissed",
  "finding.redacted",
  "proposal.created",
  "proposal.approved",
  "proposal.rejected",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Sent only by POST /webhooks/{id}/test, whatever the endpoint subscribes to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

/** The body of every delivery (Managed Agents' envelope): `data` names the object by id. */
export type WebhookEnvelope = {
  id: string;
  created_at: string;
  type: "event";
  data: { id: string; workspace_id: string; type: string } & Record<string, string | null>;
};
