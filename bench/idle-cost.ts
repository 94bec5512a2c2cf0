// `BENCH_DATABASE_URL_PG=1 npx tsx --import ./scripts/server-only-hook.mjs bench/idle-cost.ts [--workspaces N] [--seconds S] [--profile small]`
// What an idle API server costs on PostgreSQL with many workspaces: a copy of the bench database
// (bench:data --database-url) given N more workspaces (default 10,000, no data of their own), the
// server started on it (BENCH_SERVER_ROOT for another checkout), then its CPU and every postgres
// process's over S seconds (default 30) with no requests, after 15 s for its start-up sweep. The
// finding scanner is off (ENGRAM_FINDINGS_SCAN=off): its history pass is measured by scanner-cost.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { arg } from "./lib/args";
import { postgresCpuSeconds } from "./lib/postgres-cpu";
import { startServer } from "./lib/server";

const workspaces = Number(arg("workspaces") ?? 10_000);
const seconds = Number(arg("seconds") ?? 30);
const m = JSON.parse(readFileSync(path.join(process.cwd(), "bench", ".work", `${arg("profile") ?? "small"}-pg.json`), "utf8"));
const source = new URL(m.url);
const copyName = `${source.pathname.slice(1)}_idle`;
const copy = new URL(m.url);
copy.pathname = `/${copyName}`;

const admin = new pg.Client({ connectionString: Object.assign(new URL(m.url), { pathname: "/postgres" }).toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${copyName}"`);
await admin.query(`CREATE DATABASE "${copyName}" TEMPLATE "${source.pathname.slice(1)}"`);
const db = new pg.Client({ connectionString: copy.toString() });
await db.connect();
await db.query(
  `INSERT INTO "Workspace" ("id", "name", "hmacKey", "createdAt")
   SELECT w."id" || '_' || g, w."name" || ' ' || g, w."hmacKey", w."createdAt" FROM (SELECT * FROM "Workspace" LIMIT 1) w, generate_series(1, $1::int) g`,
  [workspaces],
);
await db.query("ANALYZE");
await db.end();

process.env.ENGRAM_FINDINGS_SCAN = "off";
const server = await startServer("api", copy.toString(), 20_000 + Math.floor(Math.random() * 20_000));
try {
  await new Promise((resolve) => setTimeout(resolve, 15_000));
  const postgres = postgresCpuSeconds();
  const own = server.cpuMs();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const perSecond = (ms: number) => (ms / seconds).toFixed(1);
  console.log(
    `${process.env.BENCH_SERVER_ROOT ?? process.cwd()}, ${workspaces.toLocaleString()} more workspaces, idle ${seconds} s: PostgreSQL ${perSecond((postgresCpuSeconds() - postgres) * 1000)} ms/s, server ${perSecond(server.cpuMs() - own)} ms/s of CPU`,
  );
} finally {
  await server.stop();
  await admin.query(`DROP DATABASE IF EXISTS "${copyName}" WITH (FORCE)`);
  await admin.end();
}
