// `BENCH_DATABASE_URL_PG=… npx tsx --import ./scripts/server-only-hook.mjs bench/pg-statements.ts [--seconds N] [--clients N] [--profile small]`
// What PostgreSQL does per accepted write: scenario 1's 16 SDK writers against the API server for
// N seconds, with the database's own counters (pg_stat_database, pg_stat_user_tables) read before
// and after, divided by the writes. Shows where a write's PostgreSQL CPU goes (commits, rows
// read and written per table) without statement logging or an extension.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { postgresCpuSeconds } from "./lib/postgres-cpu";
import { startServer } from "./lib/server";
import { runWrites } from "./scenarios/writes";
import { arg } from "./lib/args";

const seconds = Number(arg("seconds") ?? "10");
const clients = Number(arg("clients") ?? "16");
const m = JSON.parse(readFileSync(path.join(process.cwd(), "bench", ".work", `${arg("profile") ?? "small"}-pg.json`), "utf8"));
const client = new pg.Client({ connectionString: m.url });
await client.connect();

type Counters = Record<string, number>;
async function counters(): Promise<Counters> {
  const out: Counters = {};
  const db = await client.query(
    `SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted, blks_hit FROM pg_stat_database WHERE datname = current_database()`,
  );
  for (const [k, v] of Object.entries(db.rows[0])) out[k] = Number(v);
  const tables = await client.query(`SELECT relname, seq_scan, idx_scan, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables`);
  for (const row of tables.rows) {
    // Partitions (Memory_p03 …) count under their table.
    const table = String(row.relname).replace(/_p\d+$/, "");
    for (const k of ["seq_scan", "idx_scan", "n_tup_ins", "n_tup_upd", "n_tup_del"]) out[`${table}.${k}`] = (out[`${table}.${k}`] ?? 0) + Number(row[k] ?? 0);
  }
  return out;
}

// BENCH_CPU_PROF=1: the server writes a CPU profile to bench/.work/profiles when it stops.
const cpuProf = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.join(process.cwd(), "bench", ".work", "profiles")}`] : [];
const server = await startServer("api", m.url, 20_000 + Math.floor(Math.random() * 20_000), cpuProf);
try {
  await runWrites(server.url, m, 2); // warm-up
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // the stats collector's last flush
  const before = await counters();
  const pgCpu = postgresCpuSeconds();
  const result = await runWrites(server.url, m, seconds, clients, server.cpuMs);
  const pgCpuPerWrite = ((postgresCpuSeconds() - pgCpu) / (result.writesPerSecond * seconds)) * 1e6;
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // sealing and scanning of the run's writes, then the flush
  const after = await counters();
  const writes = result.writesPerSecond * seconds;
  console.log(
    `${writes.toFixed(0)} writes (${result.writesPerSecond.toFixed(0)}/s); CPU per write: server ${result.cpuPerWriteUs?.toFixed(0)} µs, PostgreSQL ${pgCpuPerWrite.toFixed(0)} µs, clients ${result.clientCpuPerWriteUs.toFixed(0)} µs; per write:`,
  );
  for (const key of Object.keys(after).sort()) {
    const per = (after[key] - (before[key] ?? 0)) / writes;
    if (per >= 0.01) console.log(`  ${key.padEnd(34)} ${per.toFixed(2)}`);
  }
} finally {
  await server.stop();
  await client.end();
}
