import "server-only";
import { config } from "../config";
import { getDb } from "../db/client";
import { migrationsFor } from "../db/migrate";

export type Readiness = { ready: boolean; database: "ok" | "unreachable"; migrations: "ok" | "pending" | "unknown"; pending?: string[] };

const TIMEOUT_MS = 2_000;

/** Ready: the database answers within TIMEOUT_MS and every migration shipped with this build is applied. */
export async function readiness(): Promise<Readiness> {
  const check = async (): Promise<Readiness> => {
    const { db, dialect } = await getDb();
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    const pending = migrationsFor(dialect)
      .map((m) => m.name)
      .filter((name) => !applied.has(name));
    return pending.length ? { ready: false, database: "ok", migrations: "pending", pending } : { ready: true, database: "ok", migrations: "ok" };
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, database: "unreachable", migrations: "unknown" }), TIMEOUT_MS);
  });
  try {
    return await Promise.race([check(), timeout]);
  } catch {
    return { ready: false, database: "unreachable", migrations: "unknown" };
  } finally {
    clearTimeout(timer);
  }
}

export const metricsToken = () => config.metricsToken;
