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
};

export function isPostgresUrl(url: string): boolean {
  return url.startsWith("postgres://") || url.startsWith("postgresql://");
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}
