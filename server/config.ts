import "server-only";
import path from "node:path";

// Every environment variable the server reads, in one place, with its default (the lint rule
// engram/no-env-outside-config refuses process.env elsewhere in server/). Scripts (scripts/: ports,
// the soak's budgets, the mount command's ENGRAM_URL/ENGRAM_API_KEY), tests and benchmarks keep
// their own knobs. Values below are read once, at start; the getters at the end are read each time
// they are used, because start-up (NODE_ENV, ENGRAM_DEMO) or tests change them in the process.
export const config = {
  databaseUrl: process.env.DATABASE_URL ?? `file:${path.join(process.cwd(), "data", "engram.db")}`,
  maxContentBytes: intFromEnv("ENGRAM_MAX_CONTENT_BYTES", 102_400),
  maxMemoriesPerStore: intFromEnv("ENGRAM_MAX_MEMORIES_PER_STORE", 10_000),
  maxBodyBytes: intFromEnv("ENGRAM_MAX_BODY_BYTES", 1_048_576),
  /** How much of a refused (too large) body is read and discarded so the client sees the 413 rather than a reset. */
  maxDrainBytes: intFromEnv("ENGRAM_MAX_DRAIN_BYTES", 16 * 1024 * 1024),
  /** Imports: inflated bytes and files one archive may hold, how long unpacking it may take, how many unpack at once. */
  maxImportBytes: intFromEnv("ENGRAM_MAX_IMPORT_BYTES", 64 * 1024 * 1024),
  maxImportFiles: intFromEnv("ENGRAM_MAX_IMPORT_FILES", 20_000),
  importTimeoutMs: intFromEnv("ENGRAM_IMPORT_TIMEOUT_MS", 10_000),
  importWorkers: intFromEnv("ENGRAM_IMPORT_WORKERS", 2),
  /** Regex searches scan history on worker threads: how many at once, and how long one may take. */
  searchWorkers: intFromEnv("ENGRAM_SEARCH_WORKERS", 1),
  searchTimeoutMs: intFromEnv("ENGRAM_SEARCH_TIMEOUT_MS", 10_000),
  /** How long the scrub after a redaction waits for readers before it reports "pending" and retries in the background. */
  scrubWaitMs: intFromEnv("ENGRAM_SCRUB_WAIT_MS", 2_000),
  /** Seconds between signed audit checkpoints of every workspace whose chain moved (server/audit/checkpoint-schedule.ts); 0 turns them off. */
  checkpointIntervalMs: nonNegativeIntFromEnv("ENGRAM_CHECKPOINT_INTERVAL", 300) * 1000,
  /** Seconds between background retention runs (server/retention/retention-job.ts); 0 turns them off. */
  retentionIntervalMs: nonNegativeIntFromEnv("ENGRAM_RETENTION_INTERVAL", 3600) * 1000,
  /** Connections of the write path's pg pool (server/db/pg-pool.ts); default two per core plus two. */
  pgPoolSize: process.env.ENGRAM_PG_POOL ? intFromEnv("ENGRAM_PG_POOL", 10) : undefined,
  /** synchronous=NORMAL in WAL mode loses no committed transaction on a process crash, only on power loss. */
  sqliteSynchronous: (process.env.ENGRAM_SQLITE_SYNCHRONOUS ?? "NORMAL").toUpperCase(),
  /** The background scan of every new version for secrets and personal data (server/findings); "off" disables it. */
  findingsScan: process.env.ENGRAM_FINDINGS_SCAN !== "off",
  /** Bearer token for GET /metrics on the main port; unset: /metrics is served only on metricsPort. */
  metricsToken: process.env.ENGRAM_METRICS_TOKEN || undefined,
  /** A separate port serving only /metrics, without a token (bind it to a private interface). */
  metricsPort: process.env.ENGRAM_METRICS_PORT ? intFromEnv("ENGRAM_METRICS_PORT", 9464) : undefined,
  /** Webhooks (server/webhooks): first retry delay (later ones triple), attempts before the endpoint is disabled, per-attempt timeout, and how often the background worker looks for work. */
  webhookRetryBaseMs: intFromEnv("ENGRAM_WEBHOOK_RETRY_BASE_MS", 80_000),
  webhookMaxAttempts: intFromEnv("ENGRAM_WEBHOOK_MAX_ATTEMPTS", 8),
  webhookTimeoutMs: intFromEnv("ENGRAM_WEBHOOK_TIMEOUT_MS", 10_000),
  webhookPollMs: intFromEnv("ENGRAM_WEBHOOK_POLL_MS", 1_000),
  /**
   * How long an API key, session, store or grant lookup may be reused (server/auth/auth-cache.ts).
   * Writes by this process, and commits by any other (SQLite's data_version; on PostgreSQL the
   * relay's notifications), drop entries at once; the TTL bounds what a lost notification costs.
   */
  authCacheMs: nonNegativeIntFromEnv("ENGRAM_AUTH_CACHE_MS", 1000),
  /** Requests per minute per API key (server/http/rate-limit.ts): generous, a runaway-loop brake. */
  rateLimitPerMinute: intFromEnv("ENGRAM_RATE_LIMIT_PER_MINUTE", 6000),
  /** Failed sign-ins per email and client address per 15 minutes. */
  loginMaxFailures: intFromEnv("ENGRAM_LOGIN_MAX_FAILURES", 5),
  /** The API's request log level (pino); silent under tests unless set. */
  logLevel: process.env.ENGRAM_LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),

  get production(): boolean {
    return process.env.NODE_ENV === "production";
  },
  /**
   * Check every JSON answer (and 202 body) against its route's zod schema, unknown fields included; a
   * mismatch answers 500 and logs the route and the zod issue paths. On in tests (integration, e2e).
   */
  get validateResponses(): boolean {
    return process.env.ENGRAM_VALIDATE_RESPONSES === "1";
  },
  /** The demo workspace is served (ENGRAM_DEMO=1, or set by prepareDatabase when it seeds it). */
  get demo(): boolean {
    return process.env.ENGRAM_DEMO === "1";
  },
  /** The demo sign-in password: ENGRAM_DEMO_PASSWORD, or a fixed one that `npm start` prints. */
  get demoPassword(): string {
    return process.env.ENGRAM_DEMO_PASSWORD || "engram-demo";
  },
  /** Signs console sessions; unset outside production, a random one is kept in the data directory. */
  get authSecret(): string | undefined {
    return process.env.AUTH_SECRET || undefined;
  },
  /** next-auth's own base URL; when set, it derives OAuth redirect URIs from it. */
  get authUrl(): string | undefined {
    return process.env.AUTH_URL || process.env.NEXTAUTH_URL || undefined;
  },
  /** The console's public origin, accepted as Origin of console mutations besides the Host's. */
  get publicUrl(): string | undefined {
    return process.env.ENGRAM_PUBLIC_URL || undefined;
  },
  /** The first admin of a real install (ENGRAM_ADMIN_EMAIL, ENGRAM_ADMIN_PASSWORD, ENGRAM_ADMIN_NAME), or null. */
  get envAdmin(): { email: string; password: string; name: string | undefined } | null {
    const email = process.env.ENGRAM_ADMIN_EMAIL?.trim();
    const password = process.env.ENGRAM_ADMIN_PASSWORD;
    return email && password ? { email, password, name: process.env.ENGRAM_ADMIN_NAME?.trim() || undefined } : null;
  },
  /** The ENGRAM_OIDC_* variables, parsed by server/auth/oidc-config.ts. */
  get oidcEnv(): Record<string, string | undefined> {
    return Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith("ENGRAM_OIDC_")));
  },
  /** Files beside the database (checkpoint key, dev AUTH_SECRET) go here instead (server/data-dir.ts). */
  get dataDir(): string | undefined {
    return process.env.ENGRAM_DATA_DIR || undefined;
  },
  /** The audit checkpoint signing key's file; default: checkpoint-ed25519.pem in the data directory. */
  get checkpointKeyFile(): string | undefined {
    return process.env.ENGRAM_CHECKPOINT_KEY_FILE || undefined;
  },
  /** Webhook targets on private addresses are allowed (tests, local development only). */
  get webhookAllowPrivate(): boolean {
    return process.env.ENGRAM_WEBHOOK_ALLOW_PRIVATE === "1";
  },
};

/** Marks this process (and the children it starts) as serving the demo workspace. */
export function markDemo(): void {
  process.env.ENGRAM_DEMO = "1";
}

export function isPostgresUrl(url: string): boolean {
  return url.startsWith("postgres://") || url.startsWith("postgresql://");
}

function nonNegativeIntFromEnv(name: string, fallback: number): number {
  return process.env[name] === "0" ? 0 : intFromEnv(name, fallback);
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}
