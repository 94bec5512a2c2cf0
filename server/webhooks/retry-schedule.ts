import "server-only";
import { config } from "../config";

/**
 * When the next attempt of a delivery that has failed `attempts` times is due: the base
 * (ENGRAM_WEBHOOK_RETRY_BASE_MS, 80 s) times 3^(attempts-1), with up to 10% jitter so endpoints
 * that failed together do not retry together. With the default 8 attempts the last one comes
 * about 24 hours after the first (80 s × (1 + 3 + … + 729) = 24.3 h); then the endpoint is disabled.
 */
export function retryDelayMs(attempts: number, random = Math.random()): number {
  const delay = config.webhookRetryBaseMs * 3 ** Math.max(0, attempts - 1);
  return Math.round(delay * (1 + 0.1 * random));
}

export const maxAttempts = () => config.webhookMaxAttempts;
