// `npm test`: every check, in order, each step's result on one line, then "N passed, N failed".
// Integration runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL_PG is set (REQUIRE_PG=1
// makes a missing or unreachable PostgreSQL a failure). E2E runs in Chromium (see find-chromium.ts).
import { spawnSync } from "node:child_process";
import pg from "pg";
import { findChromium } from "./find-chromium";

process.env.NEXT_TELEMETRY_DISABLED = "1";
type Result = { name: string; ok: boolean; seconds: number; note?: string };
const results: Result[] = [];
const bin = (name: string) => `node_modules/.bin/${name}`;

function run(name: string, command: string, args: string[], env: Record<string, string | undefined> = {}) {
  console.log(`\n━━ ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  results.push({ name, ok: result.status === 0, seconds: (Date.now() - started) / 1000 });
}

function fail(name: string, note: string) {
  console.error(`\n━━ ${name}: FAILED — ${note}`);
  results.push({ name, ok: false, seconds: 0, note });
}

async function postgresReachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const only = process.argv.slice(2);
const wants = (step: string) => only.length === 0 || only.includes(step);

if (wants("lint")) {
  run("eslint", bin("eslint"), ["."]);
  run("prettier", bin("prettier"), ["--check", "."]);
}
if (wants("typecheck")) run("typecheck", bin("tsc"), ["--noEmit"]);
if (wants("unit")) run("unit", bin("vitest"), ["run", "--project", "unit"]);
if (wants("integration")) run("integration (SQLite)", bin("vitest"), ["run", "--project", "integration"], { ENGRAM_TEST_DB: "sqlite" });
if (wants("integration") || wants("pg")) {
  const url = process.env.TEST_DATABASE_URL_PG;
  const required = process.env.REQUIRE_PG === "1";
  const problem = url ? await postgresReachable(url) : "TEST_DATABASE_URL_PG is not set";
  if (!problem)
    run("integration (PostgreSQL)", bin("vitest"), ["run", "--project", "integration"], { ENGRAM_TEST_DB: "postgresql", TEST_DATABASE_URL_PG: url });
  else if (required) fail("integration (PostgreSQL)", `REQUIRE_PG=1 but ${problem}`);
  else console.log(`\n━━ integration (PostgreSQL): not run (${problem}); set TEST_DATABASE_URL_PG to include it`);
}
if (wants("e2e")) {
  const chromium = findChromium();
  if (!chromium) fail("e2e", "no Chromium found or installable");
  else run("e2e", bin("playwright"), ["test"], { ENGRAM_CHROMIUM: chromium });
}

console.log("\n━━ Summary");
for (const result of results) {
  console.log(`${result.ok ? "PASS" : "FAIL"}  ${result.name.padEnd(26)} ${result.seconds.toFixed(1).padStart(6)} s${result.note ? `  (${result.note})` : ""}`);
}
const failed = results.filter((result) => !result.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
