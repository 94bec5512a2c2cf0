import "server-only";
import { LRUCache } from "lru-cache";
import { getDb } from "../db/client";
import { prepared } from "../db/sqlite-statements";
import { sqliteWrite } from "../db/sqlite-writer";
import type { RateLimiter, RateLimitOptions } from "./rate-limit";

const SWEEP_MS = 60_000;

/** Takes up to `want` hits from the key's window in one statement; `granted` is 0 when the window is used up. */
function takeSql(dialect: "sqlite" | "postgresql") {
  const [key, want, limit, first, resetAt, now] =
    dialect === "postgresql" ? ["$1", "$2", "$3", "$4", "$5", "$6"] : ["@key", "@want", "@limit", "@first", "@resetAt", "@now"];
  const least = dialect === "postgresql" ? "LEAST" : "MIN";
  const t = `"RateLimitCounter"`;
  const expired = `${t}."resetAtMs" <= ${now}`;
  return `INSERT INTO ${t} ("key", "count", "granted", "resetAtMs") VALUES (${key}, ${first}, ${first}, ${resetAt})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN ${expired} THEN ${first} ELSE ${least}(${t}."count" + ${want}, ${limit}) END,
      "granted" = CASE WHEN ${expired} THEN ${first} ELSE ${least}(${t}."count" + ${want}, ${limit}) - ${t}."count" END,
      "resetAtMs" = CASE WHEN ${expired} THEN ${resetAt} ELSE ${t}."resetAtMs" END
    RETURNING "granted", "resetAtMs"`;
}

async function take(key: string, want: number, options: RateLimitOptions): Promise<{ granted: number; resetAt: number }> {
  const { db, dialect, sqlite } = await getDb();
  const now = Date.now();
  const params = { key, want, limit: options.limit, first: Math.min(want, options.limit), resetAt: now + options.windowMs, now };
  const rows = sqlite
    ? [await sqliteWrite(sqlite, (connection) => prepared(connection, takeSql("sqlite")).get(params) as { granted: number; resetAtMs: number })]
    : await db.$queryRawUnsafe<{ granted: number; resetAtMs: bigint }[]>(takeSql(dialect), ...Object.values(params));
  return { granted: Number(rows[0].granted), resetAt: Number(rows[0].resetAtMs) };
}

/**
 * A fixed-window counter per key kept in the database, so every Engram instance on it counts into
 * one budget. Hits are taken in leases of up to `lease` (never more than the window has left), so
 * a busy key costs one statement per lease, not per request, and N instances can never allow more
 * than the limit: at worst they leave unused the leases they hold when a window ends.
 */
export function createSharedRateLimiter(name: string, options: RateLimitOptions & { lease?: number }): RateLimiter {
  const lease = Math.max(1, Math.min(options.lease ?? 1, options.limit));
  // The lease this process holds per key; `spent`: the database had nothing left in this window.
  const local = new LRUCache<string, { left: number; resetAt: number; spent: boolean }>({ max: options.maxKeys ?? 10_000 });
  // One take per key at a time: concurrent hits wait for it and share the lease it brings.
  const taking = new Map<string, Promise<void>>();
  let swept = 0;
  const sweep = (now: number) => {
    if (now - swept < SWEEP_MS) return;
    swept = now;
    void getDb()
      .then(({ db }) => db.rateLimitCounter.deleteMany({ where: { resetAtMs: { lt: BigInt(now) } } }))
      .catch(() => {});
  };
  const retryAfter = (resetAt: number) => Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
  return {
    async hit(key) {
      for (;;) {
        const now = Date.now();
        const held = local.get(key);
        if (held && held.resetAt > now) {
          if (held.spent) return { ok: false, retryAfterSeconds: retryAfter(held.resetAt) };
          if (held.left > 0) {
            held.left--;
            return { ok: true };
          }
        }
        const pending = taking.get(key);
        if (pending) {
          await pending;
          continue;
        }
        sweep(now);
        const took = take(`${name}:${key}`, lease, options)
          .then(({ granted, resetAt }) => void local.set(key, { left: granted, resetAt, spent: granted === 0 }))
          .finally(() => taking.delete(key));
        taking.set(key, took);
        await took;
      }
    },
    async check(key) {
      const { db } = await getDb();
      const row = await db.rateLimitCounter.findUnique({ where: { key: `${name}:${key}` } });
      if (!row || Number(row.resetAtMs) <= Date.now() || row.count < options.limit) return { ok: true };
      return { ok: false, retryAfterSeconds: retryAfter(Number(row.resetAtMs)) };
    },
    async reset(key) {
      local.delete(key);
      const { db } = await getDb();
      await db.rateLimitCounter.deleteMany({ where: { key: `${name}:${key}` } });
    },
  };
}
