// `npx tsx --import ./scripts/server-only-hook.mjs bench/webhook-lag.ts [--writes N] [--concurrency C]`
// What webhooks cost the write path and how late they arrive: N memory writes at concurrency C
// against the API-only server, first with no endpoint, then with one endpoint subscribed to
// memory.*; prints writes/s and server CPU per write for both, and the delivery lag (arrival at a
// receiver on 127.0.0.1 minus the event's created_at). SQLite in a temp dir, or
// BENCH_DATABASE_URL_PG (an empty database; it is migrated).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "./lib/server";
import { arg } from "./lib/args";

const writes = Number(arg("writes") ?? 500);
const concurrency = Number(arg("concurrency") ?? 8);
const databaseUrl = process.env.BENCH_DATABASE_URL_PG ?? `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "engram-whbench-")), "engram.db")}`;
process.env.DATABASE_URL = databaseUrl;
process.env.ENGRAM_WEBHOOK_ALLOW_PRIVATE = "1";
process.env.AUTH_SECRET ??= "webhook-bench-auth-secret-0123456789abcdef"; // the server runs with NODE_ENV=production

const { migrate } = await import("@/server/db/migrate");
await migrate(databaseUrl);
const { createWorkspace } = await import("@/server/workspaces/default-workspace");
const { createApiKey } = await import("@/server/api-keys/create-api-key");
const { closeDb } = await import("@/server/db/client");
const workspace = await createWorkspace("webhook bench");
const system = { principal: { type: "system" as const, workspaceId: workspace.id }, requestId: "req_bench" };
const key = (await createApiKey(system, { name: "bench", kind: "admin" })).secret;
await closeDb();

const arrivals: { at: number; createdAt: number }[] = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    arrivals.push({ at: Date.now(), createdAt: Date.parse((JSON.parse(body) as { created_at: string }).created_at) });
    res.end("ok");
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bench`;

const port = 40_000 + Math.floor(Math.random() * 10_000);
const server = await startServer("api", databaseUrl, port);
const api = async (method: string, p: string, body?: unknown) => {
  const res = await fetch(`${server.url}/api/v1${p}`, {
    method,
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
};

async function burst(label: string) {
  const store = await api("POST", "/memory_stores", { name: `bench ${label} ${Date.now()}` });
  const cpu0 = server.cpuMs();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < writes) {
        const i = next++;
        await api("POST", `/memory_stores/${store.id}/memories`, { path: `/n/${i}.md`, content: `note ${i}\n` });
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { label, perSecond: Math.round(writes / seconds), cpuMsPerWrite: ((server.cpuMs() - cpu0) / writes).toFixed(2) };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
try {
  const without = await burst("no endpoint");
  await api("POST", "/webhooks", { url: hookUrl, events: ["memory.created", "memory.modified", "memory.deleted"] });
  const started = Date.now();
  const withHook = await burst("one endpoint");
  const deadline = Date.now() + 120_000;
  while (arrivals.length < writes && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const lags = arrivals.map((a) => a.at - a.createdAt).sort((a, b) => a - b);
  console.log(
    `database: ${databaseUrl.startsWith("postgres") ? "PostgreSQL" : "SQLite"}; ${writes} writes at concurrency ${concurrency}; load ${os.loadavg()[0].toFixed(1)}`,
  );
  for (const r of [without, withHook]) console.log(`  ${r.label}: ${r.perSecond} writes/s, server CPU ${r.cpuMsPerWrite} ms/write`);
  console.log(
    `  deliveries: ${arrivals.length}/${writes} in ${((Math.max(...arrivals.map((a) => a.at)) - started) / 1000).toFixed(1)} s; lag p50 ${pct(lags, 50)} ms, p95 ${pct(lags, 95)} ms, p99 ${pct(lags, 99)} ms, max ${lags.at(-1)} ms`,
  );
} finally {
  await server.stop();
  receiver.close();
}
