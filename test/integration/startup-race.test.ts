// Issue 14 item 4: several instances started at once on an empty database migrate it, create
// ENGRAM_ADMIN_EMAIL's admin and seed the demo exactly once, and all of them come up.
import Database from "better-sqlite3";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { isPostgresUrl } from "@/server/config";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

const INSTANCES = 4;
const servers: SpawnedApi[] = [];
const cleanups: (() => Promise<void>)[] = [];

/** A brand-new, empty database of the run's kind, and a way to query it. */
async function emptyDatabase(): Promise<{ url: string; count: (sql: string, params?: unknown[]) => Promise<number> }> {
  if (isPostgresUrl(process.env.DATABASE_URL!)) {
    const base = new URL(process.env.DATABASE_URL!);
    const name = `engram_start_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    cleanups.push(async () => {
      await client.end().catch(() => {});
      const drop = new pg.Client({ connectionString: base.toString() });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await drop.end();
    });
    let connected = false;
    const count = async (sql: string, params: unknown[] = []) => {
      if (!connected) await client.connect().then(() => (connected = true));
      const pgSql = sql.replace(/\?/g, (_, i: number) => `$${sql.slice(0, i).split("?").length}`);
      return Number((await client.query(pgSql, params)).rows[0].n);
    };
    return { url: url.toString(), count };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "engram-start-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "engram.db");
  return {
    url: `file:${file}`,
    count: async (sql, params = []) => {
      const db = new Database(file, { readonly: true });
      try {
        return Number((db.prepare(sql).get(...params) as { n: number }).n);
      } finally {
        db.close();
      }
    },
  };
}

afterAll(async () => {
  await Promise.all(servers.map((server) => server.kill("SIGKILL")));
  for (const cleanup of cleanups) await cleanup();
});

describe("start-up under simultaneous starts", () => {
  it(`${INSTANCES} instances started at once on an empty database all come up; migrations, the admin and the demo happen once`, async () => {
    const { url, count } = await emptyDatabase();
    const email = "first-admin@race.test";
    const env = { DATABASE_URL: url, ENGRAM_ADMIN_EMAIL: email, ENGRAM_ADMIN_PASSWORD: "race condition staple", ENGRAM_DEMO: "1" };
    const started = await Promise.allSettled(Array.from({ length: INSTANCES }, () => spawnApiServer({ env, timeoutMs: 90_000 })));
    for (const result of started) if (result.status === "fulfilled") servers.push(result.value);
    const failures = started.flatMap((result) => (result.status === "rejected" ? [String(result.reason).slice(0, 600)] : []));
    expect(failures).toEqual([]);

    const dialect = isPostgresUrl(url) ? "postgresql" : "sqlite";
    const migrations = readdirSync(path.join(process.cwd(), dialect === "sqlite" ? "prisma/migrations" : "prisma/postgresql/migrations")).filter((name) =>
      /^\d/.test(name),
    );
    expect(await count(`SELECT COUNT(*) AS n FROM "_prisma_migrations"`)).toBe(migrations.length);
    expect(await count(`SELECT COUNT(DISTINCT "migration_name") AS n FROM "_prisma_migrations"`)).toBe(migrations.length);
    expect(await count(`SELECT COUNT(*) AS n FROM "User" WHERE "email" = ?`, [email])).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM "Workspace"`)).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM "Store" WHERE "metadata" LIKE ?`, ['%"engram_demo":"true"%'])).toBe(1);
    // Every instance serves.
    for (const server of servers) expect((await fetch(`${server.origin}/api/v1/openapi.json`)).status).toBe(200);
  });
});
