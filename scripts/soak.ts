// `npm run soak [-- --minutes N --rate R --agents A --console C]`: N minutes (default 30) of mixed
// agent traffic and console use against a spawned API server, at a fixed offered rate (default
// 300 requests/s, about a third of what the server sustains for this mix on 2 cores). Pacing is
// open-loop: every virtual user has a schedule, and latency is measured from the moment a
// request was due, so a server that falls behind shows it (no coordinated omission). Every 10 s
// it samples the server's RSS and the latencies. Exits non-zero if memory grows or passes the
// limit, a latency misses the benchmark targets, or any 5xx appears. Not part of CI. Uses
// DATABASE_URL if set, else a fresh SQLite file under the OS temp dir.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { minutes: { type: "string" }, rate: { type: "string" }, agents: { type: "string" }, console: { type: "string" } } });
const minutes = Number(values.minutes ?? process.env.SOAK_MINUTES ?? 30);
const rate = Number(values.rate ?? 300);
const agents = Number(values.agents ?? 8);
const consoleUsers = Number(values.console ?? 4);
const limits = {
  rssGrowthMb: Number(process.env.SOAK_MAX_RSS_GROWTH_MB ?? 64),
  rssMb: Number(process.env.SOAK_MAX_RSS_MB ?? 400),
  writeP99: Number(process.env.SOAK_WRITE_P99_MS ?? 50),
  retrieveP95: Number(process.env.SOAK_RETRIEVE_P95_MS ?? 5),
  historyP95: Number(process.env.SOAK_HISTORY_P95_MS ?? 10),
  timelineP95: Number(process.env.SOAK_TIMELINE_P95_MS ?? 20),
};
const root = path.resolve(import.meta.dirname, "..");
process.env.DATABASE_URL ??= `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "engram-soak-")), "engram.db")}`;
// Server modules read DATABASE_URL when first imported: import them only now.
const { encode } = await import("next-auth/jwt");
const { newId } = await import("@/lib/ids");
const { createAgent } = await import("@/server/agents/create-agent");
const { authSecret } = await import("@/server/auth/auth-secret");
const { createApiKey } = await import("@/server/api-keys/create-api-key");
const { sessionCookieName } = await import("@/server/auth/session-cookie");
const { getDb } = await import("@/server/db/client");
const { migrate } = await import("@/server/db/migrate");
const { setGrant } = await import("@/server/grants/set-grant");
const { createWorkspace } = await import("@/server/workspaces/default-workspace");

await migrate(process.env.DATABASE_URL);
const workspace = await createWorkspace(`soak ${newId("request")}`);
const system = { principal: { type: "system" as const, workspaceId: workspace.id }, requestId: newId("request") };
const admin = (await createApiKey(system, { name: "soak admin", kind: "admin" })).secret;
const agent = await createAgent(system, { name: `soak-agent-${newId("request")}` });
const agentKey = (await createApiKey(system, { name: "soak agent", kind: "agent", agentId: agent.id })).secret;
// A developer signed in to the console: the cookie next-auth would set.
const { db } = await getDb();
const developer = await db.user.create({
  data: { id: newId("user"), workspaceId: workspace.id, email: `soak-${newId("request")}@example.com`, name: "Soak developer", role: "developer" },
});
const cookie = `${sessionCookieName(false)}=${await encode({ token: { uid: developer.id, sub: developer.id }, secret: authSecret(), salt: sessionCookieName(false), maxAge: 24 * 3600 })}`;

// One node process (tsx as a loader), so its RSS is the server's own.
const port = 20_000 + Math.floor(Math.random() * 20_000);
const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only-hook.mjs", "scripts/serve-api.ts"], {
  cwd: root,
  env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", ENGRAM_RATE_LIMIT_PER_MINUTE: "10000000" },
  stdio: ["ignore", "inherit", "inherit"],
});
process.once("exit", () => child.kill("SIGKILL"));
const origin = `http://127.0.0.1:${port}`;
const base = `${origin}/api/v1`;
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

type Kind = "write" | "retrieve" | "history" | "timeline" | "list" | "audit";
const kinds: Kind[] = ["write", "retrieve", "history", "timeline", "list", "audit"];
const samples = Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
let serverErrors = 0;
let requests = 0;
const asAgent = (session: string) => ({ "x-api-key": agentKey, "x-engram-session-id": session });
const asDeveloper = (method: string): Record<string, string> => (method === "GET" ? { cookie } : { cookie, origin });

/** One request; its latency counts from `due`, when the schedule wanted it sent. */
async function timed(kind: Kind, due: number, method: string, url: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  samples[kind].push(performance.now() - due);
  requests++;
  if (response.status >= 500) serverErrors++;
  return { status: response.status, json: response.ok ? (JSON.parse(text) as Record<string, string>) : null };
}

const store = (await timed("write", performance.now(), "POST", "/memory_stores", { "x-api-key": admin }, { name: "soak" })).json!.id;
await setGrant(system, { storeId: store, agentId: agent.id, access: "read_write" });
const memoryIds: string[] = [];
const sessionIds: string[] = [];
const startedAt = performance.now();
const deadline = startedAt + minutes * 60_000;
const users = agents + consoleUsers;
const interval = (1000 * users) / rate; // each virtual user's share of the offered rate

/** Runs `step` on a fixed schedule (open loop): late steps go at once, and their lateness is latency. */
async function paced(offset: number, step: (due: number, n: number) => Promise<void>) {
  for (let n = 0; ; n++) {
    const due = startedAt + offset + n * interval;
    if (due >= deadline) return;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await step(due, n);
  }
}

// An agent: reads a memory, then writes it with the precondition it read; a new file every 40
// steps, a memory-tool edit every 9th.
async function agentUser(a: number) {
  const session = (await timed("write", performance.now(), "POST", "/sessions", { "x-api-key": agentKey }, { title: `soak agent ${a}` })).json!.id;
  sessionIds.push(session);
  const headers = asAgent(session);
  let current: { id: string; sha: string } | null = null;
  await paced((a * interval) / users, async (due, n) => {
    const content = `agent ${a} step ${n}\n`.repeat(1 + (n % 20));
    if (!current || n % 40 === 0) {
      const r = await timed("write", due, "POST", `/memory_stores/${store}/memories`, headers, { path: `/a${a}/m${n}.md`, content });
      if (r.json) memoryIds.push((current = { id: r.json.id, sha: r.json.content_sha256 }).id);
    } else if (n % 9 === 0) {
      await timed("write", due, "POST", `/memory_stores/${store}/memory_tool`, headers, {
        command: "str_replace",
        path: `/memories/a${a}/m${n - (n % 40)}.md`,
        old_str: `agent ${a}`,
        new_str: `agent ${a} (edited)`,
      });
    } else if (n % 2 === 1) {
      const r = await timed("retrieve", due, "GET", `/memory_stores/${store}/memories/${current.id}`, headers);
      if (r.json) current.sha = r.json.content_sha256;
    } else {
      const r = await timed("write", due, "POST", `/memory_stores/${store}/memories/${current.id}`, headers, {
        content,
        precondition: { type: "content_sha256", content_sha256: current.sha },
      });
      if (r.json) current.sha = r.json.content_sha256;
      else current = null;
    }
  });
}

// A developer in the console: what its pages ask the API for.
async function consoleUser(c: number) {
  await paced(((agents + c) * interval) / users, async (due, n) => {
    const id = memoryIds[Math.floor(Math.random() * memoryIds.length)];
    const session = sessionIds[Math.floor(Math.random() * sessionIds.length)];
    if (!id || !session) return;
    const get = (kind: Kind, url: string) => timed(kind, due, "GET", url, asDeveloper("GET"));
    switch (n % 6) {
      case 0:
        return void (await get("history", `/memory_stores/${store}/memory_versions?memory_id=${id}&limit=20`));
      case 1:
        return void (await get("timeline", `/sessions/${session}/timeline?limit=50`));
      case 2:
        return void (await get("list", `/memory_stores/${store}/memories?path_prefix=/&depth=1`));
      case 3:
        return void (await get("audit", "/audit_events?limit=50"));
      case 4:
        return void (await get("history", `/memory_stores/${store}/memories/${id}/diff`));
      default:
        return void (await get("list", "/memory_stores"));
    }
  });
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const status = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;
type Row = {
  t: number;
  rss: number;
  rps: number;
  writeP99: number;
  retrieveP95: number;
  historyP95: number;
  timelineP95: number;
  listP95: number;
  auditP95: number;
};
const rows: Row[] = [];
const sampler = setInterval(() => {
  const row: Row = {
    t: Math.round((performance.now() - startedAt) / 1000),
    rss: status("VmRSS"),
    rps: requests / 10,
    writeP99: percentile(samples.write, 99),
    retrieveP95: percentile(samples.retrieve, 95),
    historyP95: percentile(samples.history, 95),
    timelineP95: percentile(samples.timeline, 95),
    listP95: percentile(samples.list, 95),
    auditP95: percentile(samples.audit, 95),
  };
  rows.push(row);
  requests = 0;
  for (const kind of kinds) samples[kind] = [];
  console.log(
    `t=${row.t}s rss=${row.rss.toFixed(0)}MB ${row.rps.toFixed(0)} req/s · write p99 ${row.writeP99.toFixed(1)} · retrieve p95 ${row.retrieveP95.toFixed(1)} · history p95 ${row.historyP95.toFixed(1)} · timeline p95 ${row.timelineP95.toFixed(1)} · list p95 ${row.listP95.toFixed(1)} · audit p95 ${row.auditP95.toFixed(1)} ms · 5xx ${serverErrors}`,
  );
}, 10_000);

await Promise.all([...Array.from({ length: agents }, (_, a) => agentUser(a)), ...Array.from({ length: consoleUsers }, (_, c) => consoleUser(c))]);
clearInterval(sampler);
const peakRss = status("VmHWM");
child.kill("SIGTERM");

// Memory: compare the last third with the first samples after a minute's warm-up (or the first third for short runs).
const warm = rows.filter((r) => r.t >= Math.min(60, (minutes * 60) / 3));
const third = Math.max(1, Math.floor(warm.length / 3));
const avg = (rs: Row[], f: (r: Row) => number) => rs.reduce((s, r) => s + f(r), 0) / Math.max(1, rs.length);
const growth = avg(warm.slice(-third), (r) => r.rss) - avg(warm.slice(0, third), (r) => r.rss);
const median = (f: (r: Row) => number) => percentile(rows.map(f), 50);
const result = {
  minutes,
  offeredRate: rate,
  virtualUsers: { agents, console: consoleUsers },
  samples: rows.length,
  rssStartMb: warm[0]?.rss,
  rssEndMb: rows.at(-1)?.rss,
  rssPeakMb: peakRss,
  rssGrowthMb: growth,
  medianOfWindows: {
    rps: median((r) => r.rps),
    writeP99: median((r) => r.writeP99),
    retrieveP95: median((r) => r.retrieveP95),
    historyP95: median((r) => r.historyP95),
    timelineP95: median((r) => r.timelineP95),
    listP95: median((r) => r.listP95),
    auditP95: median((r) => r.auditP95),
  },
  serverErrors,
};
console.log(JSON.stringify(result, null, 2));
const m = result.medianOfWindows;
const failures = [
  growth > limits.rssGrowthMb && `RSS grew ${growth.toFixed(0)} MB (limit ${limits.rssGrowthMb})`,
  peakRss > limits.rssMb && `RSS peaked at ${peakRss.toFixed(0)} MB (limit ${limits.rssMb})`,
  m.rps < rate * 0.95 && `served ${m.rps.toFixed(0)} req/s of the ${rate} offered`,
  m.writeP99 > limits.writeP99 && `write p99 ${m.writeP99.toFixed(1)} ms (target ${limits.writeP99})`,
  m.retrieveP95 > limits.retrieveP95 && `retrieve p95 ${m.retrieveP95.toFixed(1)} ms (target ${limits.retrieveP95})`,
  m.historyP95 > limits.historyP95 && `history p95 ${m.historyP95.toFixed(1)} ms (target ${limits.historyP95})`,
  m.timelineP95 > limits.timelineP95 && `timeline p95 ${m.timelineP95.toFixed(1)} ms (target ${limits.timelineP95})`,
  serverErrors > 0 && `${serverErrors} responses were 5xx`,
].filter(Boolean);
if (failures.length) console.error(`SOAK FAILED: ${failures.join("; ")}`);
else console.log("SOAK OK");
process.exit(failures.length ? 1 : 0);
