// An empty database of the run's kind (ENGRAM_TEST_DB): a new SQLite file in its own temporary
// folder, or a new database on TEST_DATABASE_URL_PG's server. Used for the run itself
// (global-setup.ts) and by files that must start from nothing (a schema comparison, a first start).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** `dir`: the SQLite file's folder (absent on PostgreSQL). `drop` removes the database, connections and all. */
export type FreshDatabase = { url: string; dir?: string; drop: () => Promise<void> };

export const testDialect = () => (process.env.ENGRAM_TEST_DB === "postgresql" ? "postgresql" : "sqlite");

async function adminQuery(server: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A new empty database; `prefix` (kebab-case) names its folder or database, so a leftover says whose it was. */
export async function freshDatabase(prefix: string): Promise<FreshDatabase> {
  if (testDialect() === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    return { url: `file:${path.join(dir, "engram.db")}`, dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = process.env.TEST_DATABASE_URL_PG;
  if (!server) throw new Error("ENGRAM_TEST_DB=postgresql needs TEST_DATABASE_URL_PG");
  const name = `${prefix.replaceAll("-", "_")}_${Date.now()}_${process.pid}`;
  await adminQuery(server, `CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
