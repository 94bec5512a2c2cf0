import "server-only";
import { randomBytes } from "node:crypto";
import { sealSecret } from "./secret-box";

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. Shown once; stored sealed. */
export function newWebhookSecret() {
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  return { secret, sealed: sealSecret(secret), prefix: secret.slice(0, 12) };
}
