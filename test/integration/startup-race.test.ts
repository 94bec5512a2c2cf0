// Issue 14 item 4: several instances started at once on an empty database migrate it, create
// ENGRAM_ADMIN_EMAIL's admin and seed the demo exactly once, and all of them come up.
import Database from "better-sqlite3";
import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { isPostgresUrl } from "@/server/config";
import { sqlParams } from "@/server/db/sql-params";
import { freshDatabase } from "./helpers/fresh-database";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

const INSTANCES = 4;
const servers: SpawnedApi[] = [];
const cleanups: (() => Promise<void>)[] = [];

type Count = (query: (p: (value: unknown) => string) => string) => Promise<number>;

/** A brand-new, empty database of the run's kind, and a way to count in it (`p` places a parameter). */
async function emptyDatabase(): Promise<{ url: string; count: Count }> {
  const { url, drop } = await freshDatabase("engram-start");
  const dialect = isPostgresUrl(url) ? "postgresql" : "sqlite";
  if (dialect === "postgresql") {
    const client = new pg.Client({ connectionString: url });
    let connected: Promise<unknown> | undefined;
    cleanups.push(async () => {
      await client.end().catch(() => {});
      await drop();
    });
    const count: Count = async (query) => {
      await (connected ??= client.connect());
      const { params, p } = sqlParams(dialect);
      return Number((await client.query(query(p), params)).rows[0].n);
    };
    return { url, count };
  }
  cleanups.push(drop);
  const count: Count = async (query) => {
    const db = new Database(url.slice("file:".length), { readonly: true });
    try {
      const { params, p } = sqlParams(dialect);
      return Number((db.prepare(query(p)).get(...params) as { n: number }).n);
    } finally {
      db.close();
    }
  };
  return { url, count };
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
    expect(await count(() => `SELECT COUNT(*) AS n FROM "_prisma_migrations"`)).toBe(migrations.length);
    expect(await count(() => `SELECT COUNT(DISTINCT "migration_name") AS n FROM "_prisma_migrations"`)).toBe(migrations.length);
    expect(await count((p) => `SELECT COUNT(*) AS n FROM "User" WHERE "email" = ${p(email)}`)).toBe(1);
    expect(await count(() => `SELECT COUNT(*) AS n FROM "Workspace"`)).toBe(1);
    expect(await count((p) => `SELECT COUNT(*) AS n FROM "Store" WHERE "metadata" LIKE ${p('%"engram_demo":"true"%')}`)).toBe(1);
    // Every instance serves.
    for (const server of servers) expect((await fetch(`${server.origin}/api/v1/openapi.json`)).status).toBe(200);
  });
});
