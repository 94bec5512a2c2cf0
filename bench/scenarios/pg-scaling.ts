// Scenario 1 on PostgreSQL, scaled out (issue 14 item 6): the 16 writers over 16 stores instead of
// one, and over two Engram instances on one database instead of one, each against the raw-pg
// ceiling of the same transaction measured in the same run. Lost updates are checked as in
// scenario 1 (every counter ends at its start plus the writes acknowledged for it).
import { pgCeiling } from "./ceiling";
import { runWrites, type Manifest, type WriteResult } from "./writes";
import { load, type Row } from "../lib/stats";
import { startServer, type Server } from "../lib/server";
import { spreadAcrossStores } from "../lib/spread-stores";

type Options = { seconds: number; runs: number; port: () => number; cpuProf: string[] };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(label: string, urls: string[], m: Manifest, o: Options, cpuMs: () => number): Promise<{ results: WriteResult[]; summary: string }> {
  const results: WriteResult[] = [];
  for (let r = 0; r < o.runs; r++) {
    const result = await runWrites(urls, m, o.seconds, 16, cpuMs);
    results.push(result);
    console.log(
      `${label} run ${r + 1}: ${result.writesPerSecond.toFixed(0)}/s p99 ${result.latency.p99.toFixed(1)} ms, ${result.lostUpdates} lost, server CPU ${result.cpuPerWriteUs?.toFixed(0)} µs/write — load ${load().join(" ")}`,
    );
  }
  const lost = results.reduce((s, r) => s + r.lostUpdates, 0);
  return {
    results,
    summary: `runs: ${results.map((r) => r.writesPerSecond.toFixed(0)).join(", ")}/s; p99 ${median(results.map((r) => r.latency.p99)).toFixed(1)} ms; lost updates: ${lost}`,
  };
}

export async function pgScaling(server: Server, m: Manifest & { agentId: string; url: string }, o: Options): Promise<Row[]> {
  const rows: Row[] = [];
  const spread = await spreadAcrossStores(server.url, m, 16);
  const stores = await measure("16 stores", [server.url], spread, o, server.cpuMs);
  const storesCeiling = await pgCeiling(m.url, spread, 3);
  const storesRate = median(stores.results.map((r) => r.writesPerSecond));
  rows.push({
    scenario: "1",
    metric: `16 SDK writers over 16 stores (1,024 counters, 64 per store; ${o.runs} runs × ${o.seconds} s)`,
    unit: "writes/s",
    value: storesRate,
    peer: { name: "raw pg, same transaction over the same 16 stores, 16 connections", value: storesCeiling },
    ratio: storesRate / storesCeiling,
    target: "≥ 0.7× raw",
    met: storesRate / storesCeiling >= 0.7,
    note: stores.summary,
    load: load(),
  });

  const second = await startServer("api", m.url, o.port(), o.cpuProf);
  try {
    const both = () => server.cpuMs() + second.cpuMs();
    const two = await measure("two instances", [server.url, second.url], m, o, both);
    const one = await measure("one instance", [server.url], m, o, server.cpuMs);
    const twoRate = median(two.results.map((r) => r.writesPerSecond));
    const oneRate = median(one.results.map((r) => r.writesPerSecond));
    rows.push({
      scenario: "1",
      metric: `16 SDK writers split over two Engram instances on one PostgreSQL (${o.runs} runs × ${o.seconds} s)`,
      unit: "writes/s",
      value: twoRate,
      peer: { name: "the same writers on one instance, same run", value: oneRate },
      ratio: twoRate / oneRate,
      note: `${two.summary}; one instance ${one.summary}; server CPU/write ${median(two.results.map((r) => r.cpuPerWriteUs ?? NaN)).toFixed(0)} µs (both instances) vs ${median(one.results.map((r) => r.cpuPerWriteUs ?? NaN)).toFixed(0)} µs`,
      load: load(),
    });
  } finally {
    await second.stop();
  }
  return rows;
}
