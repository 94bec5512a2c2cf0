import "server-only";
// Applies prisma/migrations (SQLite) or prisma/postgresql/migrations (PostgreSQL) and records
// them in `_prisma_migrations` exactly as Prisma Migrate does, so `prisma migrate status`
// agrees wherever Prisma's schema engine is available. Prisma's engine is a download that
// fails offline; this runner needs only the database driver.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { sqliteFilePath, sqlitePragmas } from "./sqlite-file";
import { mkdirSync } from "node:fs";

export type Migration = { name: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; alreadyApplied: string[] };

const root = path.resolve(import.meta.dirname, "../..");

export function migrationsFor(dialect: "sqlite" | "postgresql"): Migration[] {
  const dir = path.join(root, dialect === "sqlite" ? "prisma/migrations" : "prisma/postgresql/migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migrate(url: string): Promise<MigrateResult> {
  return url.startsWith("postgres") ? migratePostgres(url) : migrateSqlite(url);
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

function pending(all: Migration[], done: { migration_name: string; checksum: string }[]): Migration[] {
  const applied = new Map(done.map((row) => [row.migration_name, row.checksum]));
  for (const migration of all) {
    const checksum = applied.get(migration.name);
    if (checksum && checksum !== migration.checksum) {
      throw new Error(`Migration ${migration.name} was changed after it was applied (checksum differs).`);
    }
  }
  return all.filter((migration) => !applied.has(migration.name));
}

function migrateSqlite(url: string): MigrateResult {
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 10_000 });
  try {
    for (const pragma of sqlitePragmas("FULL")) db.pragma(pragma);
    db.exec(SQLITE_TABLE);
    const all = migrationsFor("sqlite");
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    // IMMEDIATE takes the write lock first, so two processes starting at once apply each migration once.
    db.transaction(() => {
      const done = db.prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as {
        migration_name: string;
        checksum: string;
      }[];
      const todo = pending(all, done);
      result.alreadyApplied = all.filter((m) => !todo.includes(m)).map((m) => m.name);
      for (const migration of todo) {
        const startedAt = new Date().toISOString();
        db.exec(migration.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(randomUUID(), migration.checksum, new Date().toISOString(), migration.name, startedAt);
        result.applied.push(migration.name);
      }
    }).immediate();
    return result;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The same advisory lock key Prisma Migrate takes, so the two never run at once.
    await client.query("SELECT pg_advisory_lock(72707369)");
    await client.query(PG_TABLE);
    const all = migrationsFor("postgresql");
    const { rows } = await client.query(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    const todo = pending(all, rows);
    const result: MigrateResult = { applied: [], alreadyApplied: all.filter((m) => !todo.includes(m)).map((m) => m.name) };
    for (const migration of todo) {
      await client.query("BEGIN");
      try {
        const startedAt = new Date();
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      result.applied.push(migration.name);
    }
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock(72707369)").catch(() => undefined);
    await client.end();
  }
}
