import "server-only";
import type { Principal } from "../auth/principal";
import { config } from "../config";
import { createSharedRateLimiter } from "./shared-rate-limit";
import { processState } from "../process-state";

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export type RateLimiter = {
  /** Counts one event for `key`; refuses it once the window's limit is used up. */
  hit(key: string): Promise<RateLimitResult>;
  /** Whether `key` is over its limit, without counting anything. */
  check(key: string): Promise<RateLimitResult>;
  reset(key: string): Promise<void>;
};

export type RateLimitOptions = { limit: number; windowMs: number; maxKeys?: number };

const apiKeyLimit = config.rateLimitPerMinute;

// Counted in the database, so N instances share one budget (server/http/shared-rate-limit.ts). On
// Process state: Next loads server code in two module graphs, and both must use one limiter.
const limiters = processState<{ apiKey: RateLimiter; loginFailure: RateLimiter }>("limiters", () => ({
  /** Requests per minute per API key (ENGRAM_RATE_LIMIT_PER_MINUTE, default 6000: generous, a runaway-loop brake), taken in leases of 1%. */
  apiKey: createSharedRateLimiter("api_key", { limit: apiKeyLimit, windowMs: 60_000, lease: Math.floor(apiKeyLimit / 100) }),
  /** Failed sign-ins per email and client address (ENGRAM_LOGIN_MAX_FAILURES per 15 minutes, default 5), counted one by one. */
  loginFailure: createSharedRateLimiter("sign_in", { limit: config.loginMaxFailures, windowMs: 15 * 60_000 }),
}));

/** Console sessions are not limited here: they are people, and sign-in itself is limited. */
export async function limitApiKey(principal: Principal): Promise<RateLimitResult> {
  return principal.type === "api_key" ? limiters.apiKey.hit(principal.apiKeyId) : { ok: true };
}

export const loginFailureLimiter = limiters.loginFailure;
