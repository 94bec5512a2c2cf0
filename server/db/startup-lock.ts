import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { lock } from "proper-lockfile";
import { isPostgresUrl } from "../config";
import { noteConnectionError } from "./pg-pool";
import { sqliteFilePath } from "./sqlite-file";

// Any fixed 64-bit key; every Engram instance on the database takes the same one.
const STARTUP_LOCK_KEY = "7364502918446744073";

/**
 * Runs start-up work (migrations, the first admin, the demo seed) for one process at a time, so N
 * instances started together on an empty database do it once and the others find it done.
 * PostgreSQL: a session advisory lock on a connection of its own (released if the process dies).
 * SQLite: a lock directory beside the file (proper-lockfile; a dead holder's lock goes stale).
 */
export async function withStartupLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  if (isPostgresUrl(url)) {
    const client = new pg.Client({ connectionString: url });
    client.on("error", noteConnectionError);
    await client.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1::bigint)", [STARTUP_LOCK_KEY]);
      return await work();
    } finally {
      await client.end();
    }
  }
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const release = await lock(file, {
    realpath: false,
    lockfilePath: `${file}.startup.lock`,
    stale: 30_000,
    retries: { retries: 600, minTimeout: 50, maxTimeout: 200 },
  });
  try {
    return await work();
  } finally {
    await release();
  }
}
