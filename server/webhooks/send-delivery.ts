import "server-only";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { Webhook } from "standardwebhooks";
import { config } from "../config";
import { checkedLookup, publicAddresses, TargetRefused } from "./target-address";

export type SendResult = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number };

/** How much of a receiver's answer is read (and dropped): enough to finish the exchange, never stored. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one delivery, signed per Standard Webhooks (webhook-id, webhook-timestamp,
 * webhook-signature: `v1,` HMAC-SHA256 of `id.timestamp.body`). Private targets are refused at
 * connection time too (checkedLookup), redirects are not followed, and any 2xx is success.
 */
export async function sendDelivery(input: { url: string; secret: string; eventId: string; payload: string }): Promise<SendResult> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  const url = new URL(input.url);
  try {
    await publicAddresses(url.hostname); // IP literals never reach the lookup below
  } catch (error) {
    return { ok: false, statusCode: null, error: error instanceof TargetRefused ? error.message : "DNS lookup failed", durationMs: took() };
  }
  const timestamp = new Date();
  const signature = new Webhook(input.secret).sign(input.eventId, timestamp, input.payload);
  const headers = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(input.payload)),
    "user-agent": "Engram-Webhooks/1",
    "webhook-id": input.eventId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": signature,
  };
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, durationMs: took() });
    };
    const req = send(url, { method: "POST", headers, lookup: checkedLookup as never, timeout: config.webhookTimeoutMs }, (res) => {
      let read = 0;
      const status = res.statusCode ?? 0;
      const done = () => finish({ ok: status >= 200 && status < 300, statusCode: status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` });
      res.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) {
          done();
          res.destroy();
        }
      });
      res.on("end", done);
      res.on("error", done);
    });
    req.on("timeout", () => {
      finish({ ok: false, statusCode: null, error: `no answer within ${config.webhookTimeoutMs} ms` });
      req.destroy();
    });
    req.on("error", (error: NodeJS.ErrnoException) =>
      finish({ ok: false, statusCode: null, error: error instanceof TargetRefused ? error.message : (error.code ?? "connection failed") }),
    );
    req.end(input.payload);
  });
}
