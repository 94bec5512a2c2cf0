import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "../auth/auth-secret";
import { ApiError } from "../http/api-error";
import { processState } from "../process-state";

/**
 * Webhook signing secrets must be readable to sign with, so they are stored encrypted
 * (AES-256-GCM) under a key derived from AUTH_SECRET, which lives outside the database: a copy of
 * the database alone does not reveal them. Every instance shares AUTH_SECRET already (console
 * sessions); changing it makes the stored secrets unreadable, so rotate each endpoint's secret then.
 */
const VERSION = "v1";
const INFO = "engram webhook signing secret v1";

const derived = processState("webhook-secret-key", () => ({ cached: null as { secret: string; key: Buffer } | null }));
function key(): Buffer {
  let secret: string;
  try {
    secret = authSecret();
  } catch {
    // Production without AUTH_SECRET: say what to do instead of a bare 500.
    throw new ApiError("api_error", "Webhooks need AUTH_SECRET: set it (the same value on every instance) to create or use webhook endpoints.");
  }
  if (derived.cached?.secret !== secret) derived.cached = { secret, key: Buffer.from(hkdfSync("sha256", secret, "engram", INFO, 32)) };
  return derived.cached.key;
}

export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function openSecret(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("webhook secret: unknown format");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
