import "server-only";
import path from "node:path";

// Every environment variable Engram reads, in one place, with its default.
export const config = {
  databaseUrl: process.env.DATABASE_URL ?? `file:${path.join(process.cwd(), "data", "engram.db")}`,
  maxContentBytes: intFromEnv("ENGRAM_MAX_CONTENT_BYTES", 102_400),
  maxMemoriesPerStore: intFromEnv("ENGRAM_MAX_MEMORIES_PER_STORE", 10_000),
  maxBodyBytes: intFromEnv("ENGRAM_MAX_BODY_BYTES", 1_048_576),
  /** synchronous=NORMAL in WAL mode loses no committed transaction on a process crash, only on power loss. */
  sqliteSynchronous: (process.env.ENGRAM_SQLITE_SYNCHRONOUS ?? "NORMAL").toUpperCase(),
  /**
   * How long an API key, session, store or grant lookup may be reused (server/auth/auth-cache.ts).
   * Writes by this process, and on SQLite commits by any other process, drop entries at once.
   * PostgreSQL has no such signal across instances, so there the cache is off unless set: the
   * value is then how late another instance's revocation or grant change is seen.
   */
  authCacheMs: nonNegativeIntFromEnv("ENGRAM_AUTH_CACHE_MS", isPostgresUrl(process.env.DATABASE_URL ?? "") ? 0 : 1000),
};

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
