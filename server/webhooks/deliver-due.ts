import "server-only";
import { randomUUID } from "node:crypto";
import { WEBHOOK_TEST_EVENT } from "@/lib/webhooks/event-types";
import { config } from "../config";
import { getDb } from "../db/client";
import { metrics } from "../ops/metrics";
import { disableWebhook } from "./disable-webhook";
import { retryDelayMs, maxAttempts } from "./retry-schedule";
import { openSecret } from "./secret-box";
import { sendDelivery, type SendResult } from "./send-delivery";

const BATCH = 32;
/** A claimed row is this instance's until then: longer than any attempt (its timeout plus slack), so a live sender is never overtaken. */
const leaseMs = () => config.webhookTimeoutMs + 5_000;

type Claimed = Awaited<ReturnType<typeof claimDue>>[number];

/**
 * Sends the deliveries that are due, at most BATCH at once. A batch is claimed in one statement
 * that takes only rows whose lease is free (PostgreSQL re-checks that condition on each row after
 * waiting for a concurrent claimer's lock), under one new lease token; the rows carrying that token
 * are this pass's. So two instances (or two passes) never send the same attempt, and a claim whose
 * process died expires and the row is sent again (at-least-once). Resolves to how many were attempted.
 */
export async function deliverDue(): Promise<number> {
  const claimed = await claimDue();
  await Promise.all(claimed.map((row) => attempt(row)));
  return claimed.length;
}

async function claimDue() {
  const { db } = await getDb();
  const now = new Date();
  const leaseFree = { status: "pending", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] };
  const due = await db.webhookDelivery.findMany({
    where: {
      ...leaseFree,
      nextAttemptAt: { lte: now },
      // A disabled endpoint gets only the test deliveries an admin asks for.
      AND: [{ OR: [{ endpoint: { disabledAt: null } }, { eventType: WEBHOOK_TEST_EVENT }] }],
    },
    orderBy: { nextAttemptAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  if (due.length === 0) return [];
  const token = randomUUID();
  await db.webhookDelivery.updateMany({
    where: { ...leaseFree, id: { in: due.map((row) => row.id) } },
    data: { leaseToken: token, leaseUntil: new Date(Date.now() + leaseMs()) },
  });
  return db.webhookDelivery.findMany({ where: { leaseToken: token }, include: { endpoint: true } });
}

async function attempt(row: Claimed): Promise<void> {
  let secret: string;
  try {
    secret = openSecret(row.endpoint.secretCiphertext);
  } catch {
    const error = "the signing secret cannot be read (was AUTH_SECRET changed?); rotate the secret";
    return record(row, { ok: false, statusCode: null, error, durationMs: 0 });
  }
  let result: SendResult;
  try {
    result = await sendDelivery({ url: row.endpoint.url, secret, eventId: row.eventId, payload: row.payload });
  } catch (error) {
    result = { ok: false, statusCode: null, error: `could not send (${(error as Error).name})`, durationMs: 0 };
  }
  await record(row, result);
}

async function record(row: Claimed, result: SendResult): Promise<void> {
  const { db } = await getDb();
  const now = new Date();
  const attempts = row.attempts + 1;
  const common = {
    attempts,
    lastStatusCode: result.statusCode,
    lastError: result.error,
    lastDurationMs: result.durationMs,
    lastAttemptAt: now,
    leaseUntil: null,
    leaseToken: null,
  };
  const mine = { id: row.id, leaseToken: row.leaseToken };
  if (result.ok) {
    await db.webhookDelivery.updateMany({ where: mine, data: { ...common, status: "succeeded", deliveredAt: now } });
    return;
  }
  metrics.webhookFailures.inc();
  const exhausted = attempts >= maxAttempts();
  const updated = await db.webhookDelivery.updateMany({
    where: mine,
    data: { ...common, ...(exhausted ? { status: "failed" } : { nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) }) },
  });
  if (exhausted && updated.count === 1 && row.eventType !== WEBHOOK_TEST_EVENT) {
    await disableWebhook(
      row.endpointId,
      `Disabled after ${attempts} failed attempts to deliver ${row.eventType} (${row.id}); last: ${result.error ?? "failed"}.`,
    );
  }
}
