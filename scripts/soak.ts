// `npm run soak [-- --minutes N]`: N minutes (default 30) of mixed agent traffic and console-like
// reads against a spawned API server, sampling its RSS and the latency every 10 s. Exits non-zero
// if memory grows past the threshold, latency misses the benchmark targets, or any 5xx appears.
// Not part of CI. Uses DATABASE_URL if set, else a fresh SQLite file under the OS temp dir.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { minutes: { type: "string" }, writers: { type: "string" }, readers: { type: "string" } } });
const minutes = Number(values.minutes ?? process.env.SOAK_MINUTES ?? 30);
const writers = Number(values.writers ?? 6);
const readers = Number(values.readers ?? 4);
const limits = {
  rssGrowthMb: Number(process.env.SOAK_MAX_RSS_GROWTH_MB ?? 64),
  rssMb: Number(process.env.SOAK_MAX_RSS_MB ?? 400),
  writeP99: Number(process.env.SOAK_WRITE_P99_MS ?? 50),
  retrieveP95: Number(process.env.SOAK_RETRIEVE_P95_MS ?? 5),
  historyP95: Number(process.env.SOAK_HISTORY_P95_MS ?? 10),
};
const root = path.resolve(import.meta.dirname, "..");
process.env.DATABASE_URL ??= `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "engram-soak-")), "engram.db")}`;
// Server modules read DATABASE_URL when first imported: import them only now.
const { newId } = await import("@/lib/ids");
const { createAgent } = await import("@/server/agents/create-agent");
const { createApiKey } = await import("@/server/auth/create-api-key");
const { migrate } = await import("@/server/db/migrate");
const { setGrant } = await import("@/server/grants/set-grant");
const { createWorkspace } = await import("@/server/workspaces/default-workspace");

await migrate(process.env.DATABASE_URL);
const workspace = await createWorkspace(`soak ${newId("request")}`);
const system = { principal: { type: "system" as const, workspaceId: workspace.id }, requestId: newId("request") };
const admin = (await createApiKey(system, { name: "soak admin", kind: "admin" })).secret;
const agent = await createAgent(system, { name: `soak-agent-${newId("request")}` });
const agentKey = (await createApiKey(system, { name: "soak agent", kind: "agent", agentId: agent.id })).secret;

const port = 20_000 + Math.floor(Math.random() * 20_000);
const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["--import", "./scripts/server-only-hook.mjs", "scripts/serve-api.ts"], {
  cwd: root,
  env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", ENGRAM_RATE_LIMIT_PER_MINUTE: "10000000" },
  stdio: ["ignore", "inherit", "inherit"],
});
const base = `http://127.0.0.1:${port}/api/v1`;
for (let i = 0; ; i++) {
  if (i > 300) throw new Error("server did not start");
  if (
    await fetch(`${base}/openapi.json`)
      .then((r) => r.ok)
      .catch(() => false)
  )
    break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}

type Kind = "write" | "retrieve" | "history" | "list";
const samples: Record<Kind, number[]> = { write: [], retrieve: [], history: [], list: [] };
let serverErrors = 0;
let requests = 0;
async function timed(kind: Kind, key: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { "x-api-key": key, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  samples[kind].push(performance.now() - started);
  requests++;
  if (response.status >= 500) serverErrors++;
  return { status: response.status, json: response.ok ? (JSON.parse(text) as Record<string, string>) : null };
}

const store = (await timed("write", admin, "POST", "/memory_stores", { name: "soak" })).json!.id;
await setGrant(system, { storeId: store, agentId: agent.id, access: "read_write" });
const memoryIds: string[] = [];
const deadline = Date.now() + minutes * 60_000;

async function writer(w: number) {
  const session = (await timed("write", agentKey, "POST", "/sessions", { title: `soak writer ${w}` })).json!.id;
  const headers = { "x-engram-session-id": session };
  let current: { id: string; sha: string } | null = null;
  for (let n = 0; Date.now() < deadline; n++) {
    const content = `writer ${w} step ${n}\n`.repeat(1 + (n % 20));
    if (!current || n % 50 === 0) {
      const r = await timed("write", agentKey, "POST", `/memory_stores/${store}/memories`, { path: `/w${w}/m${n}.md`, content }, headers);
      if (r.json) {
        current = { id: r.json.id, sha: r.json.content_sha256 };
        memoryIds.push(r.json.id);
      }
    } else if (n % 7 === 0) {
      await timed(
        "write",
        agentKey,
        "POST",
        `/memory_stores/${store}/memory_tool`,
        { command: "str_replace", path: `/memories/w${w}/nope.md`, old_str: "a", new_str: "b" },
        headers,
      );
    } else {
      const r = await timed(
        "write",
        agentKey,
        "POST",
        `/memory_stores/${store}/memories/${current.id}`,
        { content, precondition: { type: "content_sha256", content_sha256: current.sha } },
        headers,
      );
      if (r.json) current.sha = r.json.content_sha256;
      else current = null;
    }
  }
}

async function reader() {
  while (Date.now() < deadline) {
    const id = memoryIds[Math.floor(Math.random() * memoryIds.length)];
    if (!id) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    await timed("retrieve", admin, "GET", `/memory_stores/${store}/memories/${id}`);
    await timed("history", admin, "GET", `/memory_stores/${store}/memory_versions?memory_id=${id}&limit=20`);
    await timed("list", admin, "GET", `/memory_stores/${store}/memories?path_prefix=/&depth=1`);
    await timed("list", admin, "GET", "/audit_events?limit=50");
    await timed("history", admin, "GET", `/memory_stores/${store}/memories/${id}/diff`);
  }
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
// tsx runs the server in a child process of its own: sum the RSS of the whole process tree.
function treeRssMb(pid: number): number {
  let kb = 0;
  try {
    kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    return kb / 1024 + children.reduce((sum, child) => sum + treeRssMb(Number(child)), 0);
  } catch {
    return kb / 1024;
  }
}
const rssMb = () => treeRssMb(child.pid!);
type Row = { t: number; rss: number; rps: number; writeP99: number; retrieveP95: number; historyP95: number; listP95: number };
const rows: Row[] = [];
const started = Date.now();
const sampler = setInterval(() => {
  const row: Row = {
    t: Math.round((Date.now() - started) / 1000),
    rss: rssMb(),
    rps: requests / 10,
    writeP99: percentile(samples.write, 99),
    retrieveP95: percentile(samples.retrieve, 95),
    historyP95: percentile(samples.history, 95),
    listP95: percentile(samples.list, 95),
  };
  rows.push(row);
  requests = 0;
  for (const kind of Object.keys(samples) as Kind[]) samples[kind] = [];
  console.log(
    `t=${row.t}s rss=${row.rss.toFixed(0)}MB ${row.rps.toFixed(0)} req/s write p99 ${row.writeP99.toFixed(1)} ms, retrieve p95 ${row.retrieveP95.toFixed(1)} ms, history p95 ${row.historyP95.toFixed(1)} ms, list p95 ${row.listP95.toFixed(1)} ms, 5xx so far ${serverErrors}`,
  );
}, 10_000);

await Promise.all([...Array.from({ length: writers }, (_, w) => writer(w)), ...Array.from({ length: readers }, () => reader())]);
clearInterval(sampler);
child.kill("SIGTERM");

// Memory: compare the last third with the first samples after a minute's warm-up (or the first third for short runs).
const warm = rows.filter((r) => r.t >= Math.min(60, (minutes * 60) / 3));
const third = Math.max(1, Math.floor(warm.length / 3));
const avg = (rs: Row[], f: (r: Row) => number) => rs.reduce((s, r) => s + f(r), 0) / Math.max(1, rs.length);
const growth = avg(warm.slice(-third), (r) => r.rss) - avg(warm.slice(0, third), (r) => r.rss);
const median = (f: (r: Row) => number) => percentile(rows.map(f), 50);
const result = {
  minutes,
  samples: rows.length,
  rssStartMb: warm[0]?.rss,
  rssEndMb: rows.at(-1)?.rss,
  rssPeakMb: Math.max(...rows.map((r) => r.rss)),
  rssGrowthMb: growth,
  medianOfWindows: {
    writeP99: median((r) => r.writeP99),
    retrieveP95: median((r) => r.retrieveP95),
    historyP95: median((r) => r.historyP95),
    listP95: median((r) => r.listP95),
    rps: median((r) => r.rps),
  },
  serverErrors,
};
console.log(JSON.stringify(result, null, 2));
const failures = [
  growth > limits.rssGrowthMb && `RSS grew ${growth.toFixed(0)} MB (limit ${limits.rssGrowthMb})`,
  result.rssPeakMb > limits.rssMb && `RSS peaked at ${result.rssPeakMb.toFixed(0)} MB (limit ${limits.rssMb})`,
  result.medianOfWindows.writeP99 > limits.writeP99 && `write p99 ${result.medianOfWindows.writeP99.toFixed(1)} ms (target ${limits.writeP99})`,
  result.medianOfWindows.retrieveP95 > limits.retrieveP95 && `retrieve p95 ${result.medianOfWindows.retrieveP95.toFixed(1)} ms (target ${limits.retrieveP95})`,
  result.medianOfWindows.historyP95 > limits.historyP95 && `history p95 ${result.medianOfWindows.historyP95.toFixed(1)} ms (target ${limits.historyP95})`,
  serverErrors > 0 && `${serverErrors} responses were 5xx`,
].filter(Boolean);
if (failures.length) console.error(`SOAK FAILED: ${failures.join("; ")}`);
else console.log("SOAK OK");
process.exit(failures.length ? 1 : 0);
