import "server-only";
import { randomToken, sha256Hex } from "../crypto";

export const API_KEY_PREFIX = "egk_";

/** A new secret: `egk_` and 40 base62 characters (238 bits). Only its hash is stored. */
export function newApiKeySecret() {
  const secret = API_KEY_PREFIX + randomToken(40);
  return { secret, hash: hashApiKey(secret), prefix: secret.slice(0, 12) };
}

// Keys are long random secrets, so a fast hash is enough: no dictionary to guard against,
// and lookup by hash stays one indexed read per request.
export const hashApiKey = (secret: string) => sha256Hex(secret);
