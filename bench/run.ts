// `npm run bench [-- --profile small|large] [--only 1,2,…] [--seconds N] [--runs N]`
// Runs the scenarios of issue 7 against datasets made by `npm run bench:data`, on SQLite and,
// when BENCH_DATABASE_URL_PG is set (a database made with bench:data --database-url), on
// PostgreSQL. API scenarios use the API-only production server (scripts/serve-api.ts); the
// console scenario uses Engram's own server (server/http/serve.ts) over the `next build` output.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { load, type Row } from "./lib/stats";
import { startServer } from "./lib/server";
import { markdownTable } from "./lib/report";
import { runWrites } from "./scenarios/writes";
import { gitWrites, pgCeiling, sqliteCeiling } from "./scenarios/ceiling";
import { runReads } from "./scenarios/reads";
import { runExport, runRedaction } from "./scenarios/governance";
import { runConsole } from "./scenarios/console";
import { runHostile } from "./scenarios/hostile";
import { pgScaling } from "./scenarios/pg-scaling";
import { arg } from "./lib/args";

const WORK = path.join(process.cwd(), "bench", ".work");
const only = new Set((arg("only") ?? "1,2,3,4,5,6,7,8,9").split(",").map(Number));
const seconds = Number(arg("seconds") ?? 10);
const runs = Number(arg("runs") ?? 200);
const writeRuns = Number(arg("write-runs") ?? 3);
const profiles = (arg("profile") ?? ["small", "large"].filter((p) => existsSync(path.join(WORK, `${p}.json`))).join(",")).split(",").filter(Boolean);
if (profiles.length === 0) throw new Error("No dataset: run `npm run bench:data -- --profile small` first.");

const stamp = new Date().toISOString().replace(/[:]/g, "-").slice(0, 19);
const resultsDir = path.join(process.cwd(), "bench", "results");

/** Writes bench/results/<stamp>.json and .md with everything measured so far. */
function writeResults(): string {
  mkdirSync(resultsDir, { recursive: true });
  const machineNow = { ...machine, loadAtEnd: load() };
  writeFileSync(path.join(resultsDir, `${stamp}.json`), JSON.stringify({ machine: machineNow, sections }, null, 2));
  const md = sections.map((s) => markdownTable(s.title, machineNow, s.rows)).join("\n");
  writeFileSync(path.join(resultsDir, `${stamp}.md`), md);
  return md;
}

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memoryGB: Math.round(os.totalmem() / 1e9),
  node: process.version,
  loadAtStart: load(),
};
// A fresh port per server: a server left behind by an interrupted run must not answer for this one.
const port = () => 20_000 + Math.floor(Math.random() * 20_000);
process.on("SIGTERM", () => process.exit(143));
process.on("SIGINT", () => process.exit(130));
const sections: { title: string; rows: Row[]; raw: unknown }[] = [];

for (const profile of profiles) {
  const targets = [{ dialect: "sqlite", manifest: path.join(WORK, `${profile}.json`) }];
  if (process.env.BENCH_DATABASE_URL_PG && existsSync(path.join(WORK, `${profile}-pg.json`)))
    targets.push({ dialect: "postgresql", manifest: path.join(WORK, `${profile}-pg.json`) });
  for (const target of targets) {
    if (!existsSync(target.manifest)) continue;
    const m = JSON.parse(readFileSync(target.manifest, "utf8"));
    const rows: Row[] = [];
    const raw: Record<string, unknown> = {};
    const title = `${profile} profile, ${target.dialect}`;
    sections.push({ title, rows, raw });
    console.log(`\n== ${title} (${m.counts.versions.toLocaleString()} bulk versions) — load ${load().join(" ")}`);
    const cpuProf = process.env.BENCH_CPU_PROF ? [`--cpu-prof`, `--cpu-prof-dir=${path.join(WORK, "profiles")}`] : [];

    if (only.has(1) || only.has(7)) {
      const server = await startServer("api", m.url, port(), cpuProf);
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, server.rssMB())), 200);
      await runWrites(server.url, m, 2); // warm-up: JIT, caches, connection setup
      const results = [];
      for (let r = 0; r < writeRuns; r++) {
        const result = await runWrites(server.url, m, seconds, 16, server.cpuMs);
        const cpuPerWriteUs = result.cpuPerWriteUs ?? NaN;
        results.push({ ...result, load: load() });
        console.log(
          `writes run ${r + 1}: ${result.writesPerSecond.toFixed(0)}/s p50 ${result.latency.median.toFixed(1)} p99 ${result.latency.p99.toFixed(1)} ms, ${result.conflicts} conflicts, ${result.lostUpdates} lost, server CPU ${cpuPerWriteUs.toFixed(0)} µs/write, client CPU ${result.clientCpuPerWriteUs.toFixed(0)} µs/write — load ${load().join(" ")}`,
        );
      }
      clearInterval(sampler);
      // The same writers over plain node:http instead of the SDK: how much of the machine the
      // SDK clients themselves take (they share its two cores with the server).
      const plain = await runWrites(server.url, m, seconds, 16, server.cpuMs, "http");
      console.log(
        `writes over node:http: ${plain.writesPerSecond.toFixed(0)}/s p99 ${plain.latency.p99.toFixed(1)} ms, ${plain.lostUpdates} lost, server CPU ${plain.cpuPerWriteUs?.toFixed(0)} µs/write, client CPU ${plain.clientCpuPerWriteUs.toFixed(0)} µs/write`,
      );
      const scaled = target.dialect === "postgresql" ? await pgScaling(server, m, { seconds, runs: writeRuns, port, cpuProf }) : [];
      const hwm = server.peakRssMB();
      await server.stop();
      raw.writes = results;
      raw.writesOverHttp = plain;
      const rates = results.map((r) => r.writesPerSecond).sort((a, b) => a - b);
      const best = results.reduce((a, b) => (a.writesPerSecond > b.writesPerSecond ? a : b));
      const median = rates[Math.floor(rates.length / 2)];
      const lost = results.reduce((s, r) => s + r.lostUpdates, 0);

      let ceiling: number | undefined;
      let ceilingFull: number | undefined;
      if (target.dialect === "sqlite") {
        const file = m.url.slice("file:".length);
        ceiling = sqliteCeiling(file, m, 3, "NORMAL");
        ceilingFull = sqliteCeiling(file, m, 3, "FULL");
      } else ceiling = await pgCeiling(m.url, m, 3);
      const git = await gitWrites(WORK, m.writerSessions, 5);
      raw.ceiling = { normal: ceiling, full: ceilingFull, git };
      const l = load();
      rows.push({
        scenario: "1",
        metric: `16 SDK writers, content_sha256 preconditions (${writeRuns} runs × ${seconds} s; ${results.reduce((s, r) => s + r.conflicts, 0)} conflicts → 409, retried; lost updates: ${lost})`,
        unit: "writes/s",
        value: median,
        peer: {
          name: `raw ${target.dialect === "sqlite" ? "better-sqlite3 (synchronous=NORMAL), 1 connection" : "pg, 16 connections + advisory lock"}`,
          value: ceiling,
        },
        ratio: median / ceiling!,
        target: target.dialect === "sqlite" ? "≥ 3,000/s" : undefined,
        met: target.dialect === "sqlite" ? median >= 3000 && lost === 0 : undefined,
        note: `runs: ${rates.map((x) => x.toFixed(0)).join(", ")}/s; ratio = Engram ÷ ceiling`,
        load: l,
      });
      const medianOf = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const cpu = medianOf(results.map((r) => r.cpuPerWriteUs ?? NaN));
      const clientCpu = medianOf(results.map((r) => r.clientCpuPerWriteUs));
      rows.push({
        scenario: "1",
        metric: "server CPU time per accepted write (from /proc; independent of other load)",
        unit: "µs",
        value: cpu,
        note: `one core's worth of server CPU would sustain ≈ ${Math.round(1e6 / cpu).toLocaleString("en-US")} writes/s`,
        load: load(),
      });
      rows.push({
        scenario: "1",
        metric: "client CPU time per accepted write (the 16 SDK clients, same machine)",
        unit: "µs",
        value: clientCpu,
        note: `server + client CPU per write bound this machine (${machine.cpus} cores) to ≈ ${Math.round((machine.cpus * 1e6) / (cpu + clientCpu)).toLocaleString("en-US")} writes/s`,
        load: load(),
      });
      rows.push({
        scenario: "1",
        metric: `the same 16 writers over plain node:http, no SDK (1 run × ${seconds} s; lost updates: ${plain.lostUpdates})`,
        unit: "writes/s",
        value: plain.writesPerSecond,
        note: `p99 ${plain.latency.p99.toFixed(1)} ms; server CPU ${plain.cpuPerWriteUs?.toFixed(0)} µs/write, client CPU ${plain.clientCpuPerWriteUs.toFixed(0)} µs/write`,
        load: l,
      });
      rows.push({
        scenario: "1",
        metric: "git peer: write file + git commit (sequential)",
        unit: "writes/s",
        value: git,
        peer: { name: "Engram (median above)", value: median },
        ratio: median / git,
        note: "ratio = Engram ÷ git",
        load: l,
      });
      rows.push(...scaled);
      if (ceilingFull)
        rows.push({
          scenario: "1",
          metric: "raw better-sqlite3 ceiling with synchronous=FULL",
          unit: "tx/s",
          value: ceilingFull,
          note: `FULL costs ${(100 * (1 - ceilingFull / ceiling!)).toFixed(0)}% of NORMAL's rate`,
          load: l,
        });
      rows.push({
        scenario: "1",
        metric: "write latency (best run)",
        unit: "ms",
        summary: best.latency,
        target: target.dialect === "sqlite" ? "p99 < 50 ms" : undefined,
        met: target.dialect === "sqlite" ? best.latency.p99 < 50 : undefined,
        load: l,
      });
      rows.push({
        scenario: "7",
        metric: "server RSS during scenario 1 (peak of 200 ms samples; VmHWM since start)",
        unit: "MB",
        value: peak,
        note: `VmHWM ${hwm.toFixed(0)} MB`,
        target: "< 400 MB",
        met: Math.max(peak, hwm) < 400,
        load: l,
      });
      writeResults();
    }

    if ([2, 3, 4, 5, 6].some((s) => only.has(s))) {
      const server = await startServer("api", m.url, port(), cpuProf);
      if ([2, 3, 4].some((s) => only.has(s))) {
        const measured = await runReads(server.url, m, runs);
        raw.reads = measured;
        const targetsByName: [RegExp, string, number][] = [
          [/^retrieve/, "p95 < 5 ms", 5],
          [/^history/, "p95 < 10 ms", 10],
          [/^session timeline first/, "p95 < 20 ms", 20],
        ];
        for (const x of measured) {
          const t = targetsByName.find(([re]) => re.test(x.name));
          const scenario = /^retrieve|^list/.test(x.name) ? "2" : /^history/.test(x.name) ? "3" : "4";
          rows.push({
            scenario,
            metric: x.name,
            unit: "ms",
            summary: x.missing ? undefined : x.summary,
            peer: x.peer ? { name: x.peer.name, summary: x.peer.summary } : undefined,
            ratio: x.peer && !x.missing ? x.peer.summary.median / x.summary.median : undefined,
            target: t?.[1],
            met: t && !x.missing ? x.summary.p95 < t[2] : undefined,
            note: x.note ?? (x.peer ? "ratio = git ÷ Engram (median)" : undefined),
            load: load(),
          });
        }
        writeResults();
      }
      if (only.has(6)) {
        const exported = await runExport(server.url, m, 5);
        raw.export = exported;
        for (const x of exported)
          rows.push({
            scenario: "6",
            metric: x.name,
            unit: "ms",
            summary: x.summary,
            note: x.note ?? (x.detail ? JSON.stringify(x.detail) : undefined),
            load: load(),
          });
      }
      if (only.has(5)) {
        const redaction = await runRedaction(server.url, m, path.join(WORK, `${profile}-${target.dialect}.redacted.json`));
        raw.redaction = redaction;
        for (const x of redaction) {
          const real = /^redaction of/.test(x.name);
          rows.push({
            scenario: "5",
            metric: x.name,
            unit: "ms",
            value: x.ms,
            summary: x.summary,
            target: real && profile === "large" ? "< 30 s" : undefined,
            met: real && profile === "large" && x.ms !== undefined ? x.ms < 30_000 : undefined,
            note: [x.note, x.detail ? JSON.stringify(x.detail) : undefined].filter(Boolean).join(" "),
            load: load(),
          });
        }
      }
      await server.stop();
    }

    if (only.has(9)) {
      const server = await startServer("api", m.url, port(), cpuProf);
      for (const x of await runHostile(server.url, m))
        rows.push({
          scenario: "9",
          metric: x.name,
          unit: "ms",
          value: x.ms,
          note: [
            x.note,
            x.probe
              ? `concurrent GET p50 ${x.probe.median.toFixed(1)} / p99 ${x.probe.p99.toFixed(1)} / max ${x.probe.max.toFixed(1)} ms (n ${x.probe.n})`
              : undefined,
          ]
            .filter(Boolean)
            .join("; "),
          load: load(),
        });
      await server.stop();
      writeResults();
    }

    if (only.has(8)) {
      const measured = await runConsole(m);
      raw.console = measured;
      rows.push(...measured);
    }
    writeResults();
  }
}

const md = writeResults();
console.log(`\n${md}\nWrote bench/results/${stamp}.json and .md`);
process.exit(0);
