// `npx tsx --import ./scripts/server-only-hook.mjs bench/scanner-cost.ts [--writes N] [--concurrency C]`
// (PostgreSQL: BENCH_DATABASE_URL_PG=<an empty database>). What the finding scanner costs per
// version against what the write path costs per write, in CPU time, so the 5 % bound of issue 15
// is measured where throughput runs on this noisy machine cannot show it: N memory writes through
// the domain layer with no scanner running, then the scanner drains them. CPU is this process's
// (the scanner's worker thread included) plus, on PostgreSQL, every postgres process's.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { newId } from "@/lib/ids";
import type { RequestContext } from "@/server/auth/principal";
import { contentPool, PLANTED, rng } from "./lib/content";
import { postgresCpuSeconds } from "./lib/postgres-cpu";
import { arg } from "./lib/args";

const writes = Number(arg("writes") ?? 3_000);
const concurrency = Number(arg("concurrency") ?? 16);
const url = process.env.BENCH_DATABASE_URL_PG ?? `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "engram-scan-cost-")), "engram.db")}`;
const pgServer = url.startsWith("postgres");
process.env.DATABASE_URL = url;
process.env.ENGRAM_FINDINGS_SCAN = "off";
// The server's configuration is read when its modules load: after the environment above.
const { closeDb } = await import("@/server/db/client");
const { migrate } = await import("@/server/db/migrate");
const { drainFindingScanner } = await import("@/server/findings/finding-scanner");
const { createMemory } = await import("@/server/memory/create-memory");
const { createStore } = await import("@/server/stores/create-store");
const { createWorkspace } = await import("@/server/workspaces/default-workspace");

const postgresCpu = () => (pgServer ? postgresCpuSeconds() : 0);

/** Runs `work`, returning its wall time and the CPU time it took here and in PostgreSQL. */
async function measure(work: () => Promise<unknown>): Promise<{ wall: number; node: number; postgres: number }> {
  const cpu = process.cpuUsage();
  const pgBefore = postgresCpu();
  const started = performance.now();
  await work();
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { wall, node: (used.user + used.system) / 1e6, postgres: postgresCpu() - pgBefore };
}

await migrate(url);
const workspace = await createWorkspace(`scan cost ${newId("request")}`);
const ctx: RequestContext = { principal: { type: "system", workspaceId: workspace.id }, requestId: newId("request") };
const store = await createStore(ctx, { name: `scan-cost-${newId("request").slice(-6)}`, description: "" });
const pool = contentPool(500);
const rand = rng(11);
// As in the bench's datasets: bench-like markdown, 1 % with a planted credential.
const contents = Array.from({ length: writes }, (_, i) => {
  const plant = rand() < 0.01;
  return `# /notes/${i}.md\n\n${pool[i % pool.length]}${plant ? `\nCredential seen in a tool result: ${PLANTED}\n` : ""}`;
});

// Warm both paths (module loading, the worker's start, prepared statements) outside the measurement.
for (let i = 0; i < 50; i++) await createMemory(ctx, store.id, { path: `/warm/${i}.md`, content: contents[i] });
await drainFindingScanner();

let next = 0;
const write = await measure(() =>
  Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < writes) {
        const i = next++;
        await createMemory(ctx, store.id, { path: `/notes/${i}.md`, content: contents[i] });
      }
    }),
  ),
);
// Let the audit sealer finish the writes' events before the scan is measured.
await new Promise((resolve) => setTimeout(resolve, 3_000));
let scanned = 0;
const scan = await measure(async () => (scanned = (await drainFindingScanner()).scanned));

const us = (seconds: number, n: number) => Math.round((seconds / n) * 1e6);
const writeCpu = us(write.node + write.postgres, writes);
const scanCpu = us(scan.node + scan.postgres, scanned);
console.log(
  JSON.stringify(
    {
      database: pgServer ? "postgresql" : "sqlite",
      writes,
      concurrency,
      scanned,
      write: {
        per_second: Math.round(writes / write.wall),
        cpu_us_node: us(write.node, writes),
        cpu_us_postgres: us(write.postgres, writes),
        cpu_us: writeCpu,
      },
      scan: { per_second: Math.round(scanned / scan.wall), cpu_us_node: us(scan.node, scanned), cpu_us_postgres: us(scan.postgres, scanned), cpu_us: scanCpu },
      scan_share_of_write_cpu: Number((scanCpu / writeCpu).toFixed(3)),
    },
    null,
    2,
  ),
);
await closeDb();
process.exit(0);
