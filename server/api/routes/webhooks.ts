import "server-only";
import { z } from "@hono/zod-openapi";
import { webhookEventTypes } from "@/lib/webhooks/event-types";
import { createWebhook } from "../../webhooks/create-webhook";
import { deleteWebhook } from "../../webhooks/delete-webhook";
import { getWebhook } from "../../webhooks/get-webhook";
import { listDeliveries } from "../../webhooks/list-deliveries";
import { listWebhooks } from "../../webhooks/list-webhooks";
import { rotateWebhookSecret } from "../../webhooks/rotate-webhook-secret";
import { testWebhook } from "../../webhooks/test-webhook";
import { updateWebhook } from "../../webhooks/update-webhook";
import { defineRoute } from "../define-route";
import { deleted, limit, page, pageOf } from "../schemas";

const tag = "Webhooks";
const params = z.object({ webhook_id: z.string().min(1).max(100) });
const url = z.string().min(1).max(2048);
const events = z.array(z.enum(webhookEventTypes)).min(1).max(webhookEventTypes.length);
const description = z.string().max(1024);

export const webhookSchema = z
  .object({
    type: z.literal("webhook"),
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()),
    secret_prefix: z.string(),
    status: z.enum(["enabled", "disabled"]),
    disabled_at: z.string().nullable(),
    disabled_reason: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Webhook");
export type WireWebhook = z.infer<typeof webhookSchema>;
const withSecret = webhookSchema.extend({ secret: z.string().describe("The signing secret (whsec_…), shown this once") }).openapi("WebhookWithSecret");
export const deliverySchema = z
  .object({
    type: z.literal("webhook_delivery"),
    id: z.string(),
    webhook_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.number().int(),
    response_status_code: z.number().int().nullable(),
    error: z.string().nullable(),
    duration_ms: z.number().int().nullable(),
    next_attempt_at: z.string().nullable(),
    last_attempt_at: z.string().nullable(),
    delivered_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("WebhookDelivery");
export type WireWebhookDelivery = z.infer<typeof deliverySchema>;

export const webhookRoutes = [
  defineRoute({
    method: "post",
    path: "/webhooks",
    summary: "Register a webhook endpoint (Standard Webhooks signatures); the answer carries its secret, shown once",
    tag,
    body: z.strictObject({ url, events: events.default([...webhookEventTypes]), description: description.optional() }),
    response: withSecret,
    status: 201,
    handler: ({ ctx, body }) => createWebhook(ctx, body),
  }),
  defineRoute({
    method: "get",
    path: "/webhooks",
    summary: "List webhook endpoints, newest first",
    tag,
    query: z.object({ limit, page }),
    response: pageOf(webhookSchema),
    handler: ({ ctx, query }) => listWebhooks(ctx, query),
  }),
  defineRoute({
    method: "get",
    path: "/webhooks/{webhook_id}",
    summary: "Retrieve a webhook endpoint",
    tag,
    params,
    response: webhookSchema,
    handler: ({ ctx, params }) => getWebhook(ctx, params.webhook_id),
  }),
  defineRoute({
    method: "patch",
    path: "/webhooks/{webhook_id}",
    summary: "Update a webhook endpoint; enabled: true re-enables one that was disabled",
    tag,
    params,
    body: z.strictObject({ url: url.optional(), events: events.optional(), description: description.optional(), enabled: z.boolean().optional() }),
    response: webhookSchema,
    handler: ({ ctx, params, body }) => updateWebhook(ctx, params.webhook_id, body),
  }),
  defineRoute({
    method: "delete",
    path: "/webhooks/{webhook_id}",
    summary: "Delete a webhook endpoint and its deliveries",
    tag,
    params,
    response: deleted("webhook_deleted"),
    handler: ({ ctx, params }) => deleteWebhook(ctx, params.webhook_id),
  }),
  defineRoute({
    method: "post",
    path: "/webhooks/{webhook_id}/rotate_secret",
    summary: "Replace the signing secret; the new one is shown once",
    tag,
    params,
    bodyOptional: true,
    body: z.strictObject({}),
    response: withSecret,
    handler: ({ ctx, params }) => rotateWebhookSecret(ctx, params.webhook_id),
  }),
  defineRoute({
    method: "post",
    path: "/webhooks/{webhook_id}/test",
    summary: "Queue a webhook.test event for the endpoint",
    tag,
    params,
    bodyOptional: true,
    body: z.strictObject({}),
    response: deliverySchema,
    handler: ({ ctx, params }) => testWebhook(ctx, params.webhook_id),
  }),
  defineRoute({
    method: "get",
    path: "/webhooks/{webhook_id}/deliveries",
    summary: "An endpoint's deliveries, newest first: status, attempts, response code, timing",
    tag,
    params,
    query: z.object({ limit, page, status: z.enum(["pending", "succeeded", "failed"]).optional() }),
    response: pageOf(deliverySchema),
    handler: ({ ctx, params, query }) => listDeliveries(ctx, params.webhook_id, query),
  }),
];
