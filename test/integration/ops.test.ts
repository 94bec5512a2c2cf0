// Operations (issue 17 item 4): /healthz, /readyz (also against a PostgreSQL this test starts and
// stops itself), Prometheus /metrics parsed by a Prometheus text-format parser, and JSON logs that
// name the request but never carry keys, content, paths or search text.
import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/server/db/migrate";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { freePort, spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

const TOKEN = "metrics-token-for-the-test";
let server: SpawnedApi;
let metricsPort: number;
let tenant: TestTenant;

type Family = { name: string; type: string; metrics: { value?: string; labels?: Record<string, string> }[] };

async function scrape(url: string, token?: string): Promise<Family[]> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  return parsePrometheusTextFormat(await res.text()) as Family[];
}

const total = (families: Family[], name: string, labels: Record<string, string> = {}) =>
  (families.find((f) => f.name === name)?.metrics ?? [])
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((sum, m) => sum + Number(m.value), 0);

async function api(method: string, url: string, key: string, body?: unknown) {
  const res = await fetch(`${server.origin}/api/v1${url}`, {
    method,
    headers: { "x-api-key": key, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  tenant = await createTestTenant("ops");
  metricsPort = await freePort();
  server = await spawnApiServer({ env: { ENGRAM_METRICS_TOKEN: TOKEN, ENGRAM_METRICS_PORT: String(metricsPort), ENGRAM_LOG_LEVEL: "info" } });
});
afterAll(() => server.kill());

describe("health and readiness", () => {
  it("answers /healthz and /readyz on a migrated database", async () => {
    expect(await (await fetch(`${server.origin}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, database: "ok", migrations: "ok" });
  });
});

describe("metrics", () => {
  it("needs the token on the main port, not on ENGRAM_METRICS_PORT, and counts the writes, conflicts and requests a test made", async () => {
    expect((await fetch(`${server.origin}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.origin}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const before = await scrape(`${server.origin}/metrics`, TOKEN);
    const store = (await api("POST", "/memory_stores", tenant.adminKey, { name: "ops" })).body.id;
    const memory = (await api("POST", `/memory_stores/${store}/memories`, tenant.adminKey, { path: "/a.md", content: "one" })).body;
    await api("POST", `/memory_stores/${store}/memories/${memory.id}`, tenant.adminKey, { content: "two" });
    const conflict = await api("POST", `/memory_stores/${store}/memories/${memory.id}`, tenant.adminKey, {
      content: "three",
      precondition: { type: "content_sha256", content_sha256: "0".repeat(64) },
    });
    expect(conflict.status).toBe(409);
    // Wait on the condition, not a clock: the write counter follows the committed events.
    let after = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);
    for (let i = 0; i < 50 && total(after, "engram_memory_writes_total") - total(before, "engram_memory_writes_total") < 2; i++) {
      after = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);
    }
    expect(total(after, "engram_memory_writes_total") - total(before, "engram_memory_writes_total")).toBe(2);
    expect(total(after, "engram_precondition_conflicts_total") - total(before, "engram_precondition_conflicts_total")).toBe(1);
    const route = "/api/v1/memory_stores/:memory_store_id/memories/:memory_id";
    expect(total(after, "engram_http_requests_total", { route, status: "409" })).toBe(1);
    expect(after.find((f) => f.name === "engram_http_request_duration_seconds")?.type).toBe("HISTOGRAM");
  });
});

describe("logs", () => {
  it("carry request id, route, status, duration and principal, never keys, content, paths or search text", async () => {
    const planted = { content: "plantedcontent7731", path: "/plantedpath7731.md", search: "plantedsearch7731" };
    const store = (await api("POST", "/memory_stores", tenant.adminKey, { name: "ops logs" })).body.id;
    expect((await api("POST", `/memory_stores/${store}/memories`, tenant.adminKey, { path: planted.path, content: planted.content })).status).toBe(200);
    expect((await api("GET", `/search?q=${planted.search}`, tenant.adminKey)).status).toBe(200);
    expect((await api("GET", `/memory_stores/${store}/memories?path_prefix=${encodeURIComponent("/plantedpath7731/")}`, tenant.adminKey)).status).toBe(200);
    expect((await api("GET", "/memory_stores", "sk-planted-wrong-key-7731")).status).toBe(401);
    const lines = server
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const search = lines.find((line) => line.route === "/api/v1/search");
    expect(search).toMatchObject({ method: "GET", status: 200, principal_id: tenant.adminKeyId, request_id: expect.stringMatching(/^req/) });
    expect(search!.duration_ms).toEqual(expect.any(Number));
    const output = server.output();
    for (const secret of [tenant.adminKey, "sk-planted-wrong-key-7731", planted.content, planted.path, "plantedpath7731", planted.search]) {
      expect(output, secret).not.toContain(secret);
    }
  });
});

describe("readiness follows the database", () => {
  it("fails while its PostgreSQL is stopped and recovers when it is back", { timeout: 120_000 }, async () => {
    // A PostgreSQL of this test's own (the machine's shared one must keep running).
    const bin = "/usr/lib/postgresql/15/bin";
    const dir = mkdtempSync(path.join(tmpdir(), "engram-readyz-"));
    const data = path.join(dir, "data");
    chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString().trim()), Number(execFileSync("id", ["-g", "postgres"]).toString().trim()));
    const asPostgres = (args: string[]) => execFileSync("runuser", ["-u", "postgres", "--", ...args], { stdio: "pipe" });
    const port = await freePort();
    asPostgres([`${bin}/initdb`, "-D", data, "-A", "trust", "-U", "postgres"]);
    const pgCtl = (action: string) =>
      asPostgres([`${bin}/pg_ctl`, "-D", data, "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "-l", path.join(dir, "log"), action]);
    pgCtl("start");
    let own: SpawnedApi | null = null;
    try {
      const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
      await migrate(url);
      own = await spawnApiServer({ env: { DATABASE_URL: url } });
      const ready = async () => (await fetch(`${own!.origin}/readyz`)).status;
      expect(await ready()).toBe(200);
      pgCtl("stop");
      expect(await ready()).toBe(503);
      expect((await fetch(`${own.origin}/healthz`)).status).toBe(200);
      pgCtl("start");
      let status = await ready();
      for (let i = 0; i < 50 && status !== 200; i++) status = await ready();
      expect(status).toBe(200);
    } finally {
      await own?.kill();
      try {
        pgCtl("stop");
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
