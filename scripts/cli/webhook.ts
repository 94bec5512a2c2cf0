// `webhook create|list|test`: webhook endpoints of the default workspace. Deliveries are sent by the
// running server's webhook worker, not by the CLI; `webhook test` waits for its outcome.
import { webhookEventTypes, type WebhookEventType } from "@/lib/webhooks/event-types";
import { createWebhook } from "@/server/webhooks/create-webhook";
import { listDeliveries } from "@/server/webhooks/list-deliveries";
import { listWebhooks } from "@/server/webhooks/list-webhooks";
import { testWebhook } from "@/server/webhooks/test-webhook";
import { required, UsageError, type Command } from "./command";

export const webhookCreate: Command = {
  usage: `webhook create --url URL [--events TYPE,TYPE…] [--description TEXT] [--json]
        register an endpoint (default: every event type); prints its signing secret, shown once
        event types: ${webhookEventTypes.join(", ")}`,
  options: { url: { type: "string" }, events: { type: "string" }, description: { type: "string" } },
  async run({ values, out, ctx }) {
    const events = typeof values.events === "string" ? values.events.split(",").map((e) => e.trim()) : [...webhookEventTypes];
    const unknown = events.filter((e) => !(webhookEventTypes as readonly string[]).includes(e));
    if (unknown.length || events.length === 0) throw new UsageError(`unknown event type(s): ${unknown.join(", ") || "(none given)"}`);
    const description = typeof values.description === "string" ? values.description : undefined;
    const hook = await createWebhook(await ctx(), { url: required(values, "url"), events: events as WebhookEventType[], description });
    if (!out.json) console.error(`Created webhook ${hook.id} for ${hook.url}. Its signing secret is shown once:`);
    out.print(hook, () => hook.secret);
    return 0;
  },
};

export const webhookList: Command = {
  usage: "webhook list [--json]                 list webhook endpoints, newest first",
  async run({ out, ctx }) {
    const context = await ctx();
    const hooks: Awaited<ReturnType<typeof listWebhooks>>["data"] = [];
    let page: string | undefined;
    do {
      const result = await listWebhooks(context, { limit: 100, page });
      hooks.push(...result.data);
      page = result.next_page ?? undefined;
    } while (page);
    out.print(hooks, () =>
      hooks.length ? hooks.map((h) => `${h.id}  ${h.status}  ${h.url}${h.disabled_reason ? `  (${h.disabled_reason})` : ""}`).join("\n") : "No webhooks.",
    );
    return 0;
  },
};

export const webhookTest: Command = {
  usage: "webhook test WEBHOOK_ID [--wait SECONDS] [--json]   queue a webhook.test event; waits (default 15 s) for the server to send it",
  options: { wait: { type: "string" } },
  async run({ positionals, values, out, ctx }) {
    if (positionals.length !== 1) throw new UsageError("webhook test needs exactly one WEBHOOK_ID");
    const waitSeconds = values.wait === undefined ? 15 : Number(values.wait);
    if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UsageError("--wait must be a number of seconds");
    const context = await ctx();
    const queued = await testWebhook(context, positionals[0]);
    const deadline = Date.now() + waitSeconds * 1000;
    let delivery = queued;
    while (delivery.status === "pending" && delivery.attempts === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200)); // polling the outcome the server records
      delivery = (await listDeliveries(context, positionals[0], { limit: 20 })).data.find((d) => d.id === queued.id) ?? delivery;
    }
    out.print(delivery, () => {
      if (delivery.status === "succeeded") return `Delivered ${delivery.event_id}: HTTP ${delivery.response_status_code} in ${delivery.duration_ms} ms`;
      if (delivery.attempts > 0) return `Attempt failed (${delivery.error ?? delivery.response_status_code}); retrying at ${delivery.next_attempt_at}`;
      return `Queued ${delivery.id}; not sent yet (is an Engram server running? it sends deliveries)`;
    });
    return delivery.status === "succeeded" ? 0 : 1;
  },
};
