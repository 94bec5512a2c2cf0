import "server-only";
import type { Principal } from "../auth/principal";

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A fixed-window counter per key, held in this process's memory. With several Engram instances
 * behind a load balancer each counts on its own, so the effective limit is per instance.
 */
export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }) {
  const windows = new Map<string, { count: number; resetAt: number }>();
  const maxKeys = options.maxKeys ?? 100_000;
  const prune = (now: number) => {
    for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
  };
  return {
    /** Counts one event for `key`; refuses it once the window's limit is used up. */
    hit(key: string, now = Date.now()): RateLimitResult {
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        if (windows.size >= maxKeys) prune(now);
        window = { count: 0, resetAt: now + options.windowMs };
        windows.set(key, window);
      }
      if (window.count >= options.limit) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
      window.count++;
      return { ok: true };
    },
    /** Whether `key` is over its limit, without counting anything. */
    check(key: string, now = Date.now()): RateLimitResult {
      const window = windows.get(key);
      if (!window || window.resetAt <= now || window.count < options.limit) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
    },
    reset(key: string): void {
      windows.delete(key);
    },
  };
}

function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Requests per minute per API key (ENGRAM_RATE_LIMIT_PER_MINUTE, default 6000: generous, a runaway-loop brake). */
const apiKeyLimiter = createRateLimiter({ limit: positiveIntFromEnv("ENGRAM_RATE_LIMIT_PER_MINUTE", 6000), windowMs: 60_000 });

/** Console sessions are not limited here: they are people, and sign-in itself is limited. */
export function limitApiKey(principal: Principal): RateLimitResult {
  return principal.type === "api_key" ? apiKeyLimiter.hit(principal.apiKeyId) : { ok: true };
}

/** Failed sign-ins per email and client address (ENGRAM_LOGIN_MAX_FAILURES per 15 minutes, default 5). */
export const loginFailureLimiter = createRateLimiter({ limit: positiveIntFromEnv("ENGRAM_LOGIN_MAX_FAILURES", 5), windowMs: 15 * 60_000 });
