// Gives every integration run its own fresh database: a new SQLite file, or, with
// ENGRAM_TEST_DB=postgresql, a new database on TEST_DATABASE_URL_PG's server. Files then
// isolate themselves further by creating their own workspace (test/integration/helpers/fixtures.ts).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate } from "../../server/db/migrate";

export default async function setup() {
  // Every answer of every test server (in-process and spawned) is checked against its route's schema.
  process.env.ENGRAM_VALIDATE_RESPONSES = "1";
  const kind = process.env.ENGRAM_TEST_DB ?? "sqlite";
  if (kind === "postgresql") {
    const base = process.env.TEST_DATABASE_URL_PG;
    if (!base) throw new Error("ENGRAM_TEST_DB=postgresql needs TEST_DATABASE_URL_PG");
    const name = `engram_test_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    await migrate(process.env.DATABASE_URL);
    return async () => {
      const drop = new pg.Client({ connectionString: base });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await drop.end();
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "engram-test-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "engram.db")}`;
  process.env.ENGRAM_TEST_DIR = dir;
  await migrate(process.env.DATABASE_URL);
  return () => rmSync(dir, { recursive: true, force: true });
}
