// `npm test`: every check, each step's result on one line, then "N passed, N failed".
// Integration runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL_PG is set (REQUIRE_PG=1
// makes a missing or unreachable PostgreSQL a failure). E2E runs in Chromium (see find-chromium.ts).
//
// Two lanes run side by side, each on its own database: lint, types and unit tests (one core
// each, so they take no time from the other lane's critical path) followed by the PostgreSQL
// integration suite; and the SQLite integration suite followed by e2e (its own SQLite file and
// server). The SQLite lane's output streams; the other's goes to a log printed when it ends
// (TEST_LANES=1 runs everything in one lane, in order).
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findChromium } from "./find-chromium";
import { failedTests } from "./test-report";

process.env.NEXT_TELEMETRY_DISABLED = "1";
type Result = { name: string; ok: boolean; seconds: number; note?: string; failures?: string[] };
type Step = { name: string; command: string; args: string[]; env?: Record<string, string | undefined>; report?: string };
const results: Result[] = [];
const bin = (name: string) => `node_modules/.bin/${name}`;
const reports = mkdtempSync(path.join(os.tmpdir(), "engram-test-reports-"));

/** Runs one step, its output to ours or to `log`; its JSON report names its failed tests in the summary. */
async function run(step: Step, log?: NodeJS.WritableStream): Promise<void> {
  const out = log ?? process.stdout;
  out.write(`\n━━ ${step.name}: ${step.command} ${step.args.join(" ")}\n`);
  const started = Date.now();
  const child = spawn(step.command, step.args, { stdio: log ? ["ignore", "pipe", "pipe"] : "inherit", env: { ...process.env, ...step.env } });
  if (log) {
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
  }
  const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const ok = status === 0;
  results.push({ name: step.name, ok, seconds: (Date.now() - started) / 1000, failures: ok || !step.report ? undefined : failedTests(step.report) });
}

/** Runs a lane's steps in order; a lane with a log file prints it when done. */
async function lane(steps: Step[], logFile?: string): Promise<void> {
  const log = logFile ? createWriteStream(logFile) : undefined;
  for (const step of steps) await run(step, log);
  if (!log || !logFile) return;
  await new Promise<void>((resolve) => log.end(resolve));
  process.stdout.write(`\n━━ output of the lane that ran beside (${steps.map((s) => s.name).join(", ")})\n${readFileSync(logFile, "utf8")}`);
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
const vitestJson = (file: string) => ["--reporter=default", "--reporter=json", `--outputFile=${path.join(reports, file)}`];

const checks: Step[] = [];
if (wants("lint")) {
  checks.push({ name: "eslint", command: bin("eslint"), args: ["."] });
  checks.push({ name: "prettier", command: bin("prettier"), args: ["--check", "."] });
}
if (wants("typecheck")) checks.push({ name: "typecheck", command: bin("tsc"), args: ["--noEmit"] });
if (wants("unit")) checks.push({ name: "unit", command: bin("vitest"), args: ["run", "--project", "unit"] });

const sqliteLane: Step[] = [];
const pgLane: Step[] = [];
if (wants("integration")) {
  const report = path.join(reports, "sqlite.json");
  sqliteLane.push({
    name: "integration (SQLite)",
    command: bin("vitest"),
    args: ["run", "--project", "integration", ...vitestJson("sqlite.json")],
    env: { ENGRAM_TEST_DB: "sqlite" },
    report,
  });
}
if (wants("integration") || wants("pg")) {
  const url = process.env.TEST_DATABASE_URL_PG;
  const required = process.env.REQUIRE_PG === "1";
  const problem = url ? await postgresReachable(url) : "TEST_DATABASE_URL_PG is not set";
  const report = path.join(reports, "pg.json");
  if (!problem)
    pgLane.push({
      name: "integration (PostgreSQL)",
      command: bin("vitest"),
      args: ["run", "--project", "integration", ...vitestJson("pg.json")],
      env: { ENGRAM_TEST_DB: "postgresql", TEST_DATABASE_URL_PG: url },
      report,
    });
  else if (required) fail("integration (PostgreSQL)", `REQUIRE_PG=1 but ${problem}`);
  else console.log(`\n━━ integration (PostgreSQL): not run (${problem}); set TEST_DATABASE_URL_PG to include it`);
}
if (wants("e2e")) {
  const chromium = findChromium();
  const report = path.join(reports, "e2e.json");
  if (!chromium) fail("e2e", "no Chromium found or installable");
  else
    sqliteLane.push({
      name: "e2e",
      command: bin("playwright"),
      args: ["test", "--reporter=list,json"],
      env: { ENGRAM_CHROMIUM: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
      report,
    });
}
if (process.env.TEST_LANES === "1" || pgLane.length === 0 || sqliteLane.length === 0) await lane([...checks, ...pgLane, ...sqliteLane]);
else await Promise.all([lane(sqliteLane), lane([...checks, ...pgLane], path.join(reports, "pg-lane.log"))]);

console.log("\n━━ Summary");
for (const result of results) {
  console.log(`${result.ok ? "PASS" : "FAIL"}  ${result.name.padEnd(26)} ${result.seconds.toFixed(1).padStart(6)} s${result.note ? `  (${result.note})` : ""}`);
  for (const failure of result.failures ?? []) console.log(`      ✘ ${failure}`);
}
const failed = results.filter((result) => !result.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
