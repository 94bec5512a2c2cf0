// Faults: the API process SIGKILLed at random moments under write load (20 rounds); PostgreSQL
// stopped underneath a running Engram (PostgreSQL runs only); the SQLite database's disk filled
// up (SQLite runs, as root with tmpfs). Each time: clear errors while it cannot write, recovery
// without a restart where the process survived, and no acknowledged write lost.
import { execFileSync, execSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { getDb, openDb } from "@/server/db/client";
import { cli } from "./helpers/cli";
import { expectConsistent, writeLoad, type Ack } from "./helpers/consistency";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { adminJson, send } from "./helpers/matrix";
import { expectNoSecrets } from "./helpers/secrets";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 20);
// Rate limits are shared through the database now, and a killed server's unused lease is lost: the load here
// is about crash safety, so the per-key brake is lifted.
const UNLIMITED = { ENGRAM_RATE_LIMIT_PER_MINUTE: "10000000" };
const dbKind = process.env.ENGRAM_TEST_DB ?? "sqlite";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let tenant: TestTenant;
let server: SpawnedApi | null = null;
const outputs: string[] = [];
const secrets: string[] = [];

beforeAll(async () => {
  tenant = await createTestTenant("faults");
});
afterAll(async () => {
  await server?.kill("SIGKILL");
  if (server) outputs.push(server.output());
  expectNoSecrets(outputs.join("\n"), [tenant.adminKey, tenant.agentKey, ...secrets], "faults servers'");
});

describe("SIGKILL at random moments under load", () => {
  it(`${ROUNDS} rounds lose no acknowledged write and leave heads, versions and the audit chain consistent`, { timeout: 600_000 }, async () => {
    server = await spawnApiServer({ env: UNLIMITED });
    const storeId = (await adminJson<{ id: string }>(server.origin, tenant.adminKey, "POST", "/memory_stores", { name: "faults" })).id;
    const acks: Ack[] = [];
    const { db } = await getDb();
    for (let round = 1; round <= ROUNDS; round++) {
      const stop = { now: false };
      const before = acks.length;
      const load = writeLoad(server.origin, tenant.adminKey, storeId, `r${round}`, acks, stop);
      await sleep(150 + Math.random() * 1000);
      await server.kill("SIGKILL");
      stop.now = true;
      const { errors } = await load;
      const unhandled = server
        .output()
        .split("\n[")
        .filter((line) => /unhandled error|database unavailable/.test(line));
      expect({ errors, server: unhandled.map((line) => line.slice(0, 800)) }).toEqual({ errors: [], server: [] });
      outputs.push(server.output());
      const counts = await expectConsistent(db, tenant.workspace.id, acks);
      console.log(`[faults ${dbKind}] kill ${round}: ${acks.length - before} acknowledged before the kill; ${counts.versions} versions consistent`);
      server = await spawnApiServer({ env: UNLIMITED });
    }
    expect(acks.length).toBeGreaterThan(ROUNDS);
    expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: true });
  });
});

describe.runIf(dbKind === "postgresql" && process.env.FAULTS_PG_RESTART !== "0")("PostgreSQL stopped underneath a running Engram", () => {
  it("answers 503 with the envelope quickly while it is down, and recovers by itself", { timeout: 180_000 }, async () => {
    server ??= await spawnApiServer();
    const api = server;
    const storeId = (await adminJson<{ id: string }>(api.origin, tenant.adminKey, "POST", "/memory_stores", { name: "pg-restart" })).id;
    const acks: Ack[] = [];
    const stop = { now: false };
    const load = writeLoad(api.origin, tenant.adminKey, storeId, "pg", acks, stop, 2);
    await sleep(500);
    const cluster = execSync("ls /etc/postgresql").toString().trim().split("\n")[0];
    // Shared server: keep the outage to a few seconds.
    execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", cluster, "main", "stop", "-m", "fast"]);
    const downAt = Date.now();
    try {
      for (const request of [
        { method: "GET", path: `/memory_stores/${storeId}/memories` },
        { method: "POST", path: `/memory_stores/${storeId}/memories`, body: { path: "/while-down.md", content: "x" } },
      ]) {
        const started = Date.now();
        const sent = await send(api.origin, { ...request, headers: { "x-api-key": tenant.adminKey } });
        expect(Date.now() - started, "answered without hanging").toBeLessThan(15_000);
        // An API key lookup or the write itself hits the database: 503 with a readable message.
        expect(sent.status, sent.text).toBe(503);
        expect(JSON.parse(sent.text)).toMatchObject({
          type: "error",
          error: { type: "overloaded_error", message: expect.stringMatching(/database is unavailable/) },
        });
      }
    } finally {
      execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", cluster, "main", "start"]);
    }
    console.log(`[faults postgresql] PostgreSQL was down for ${Date.now() - downAt} ms`);
    stop.now = true;
    await load;
    // Recovers by itself: the same Engram process answers again once PostgreSQL is back.
    let status = 0;
    for (let i = 0; i < 60 && status !== 200; i++) {
      status = (
        await send(api.origin, {
          method: "POST",
          path: `/memory_stores/${storeId}/memories`,
          headers: { "x-api-key": tenant.adminKey },
          body: { path: `/after-${i}.md`, content: "back" },
        })
      ).status;
      if (status !== 200) await sleep(500);
    }
    expect(status).toBe(200);
    const { db } = await getDb();
    await expectConsistent(db, tenant.workspace.id, acks);
    expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: true });
  });
});

function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(path.join(os.tmpdir(), "engram-tmpfs-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe]);
    execFileSync("umount", [probe]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

describe.runIf(dbKind === "sqlite" && canMountTmpfs())("SQLite disk full (a 24 MiB tmpfs)", () => {
  it("refuses writes with 503 and a readable message, keeps serving reads, and recovers when space is freed", { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "engram-full-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", dir]);
    let full: SpawnedApi | null = null;
    try {
      const env = { DATABASE_URL: `file:${path.join(dir, "engram.db")}` };
      const run = async (...args: string[]) => {
        const done = await cli(args, env);
        expect(done.code, done.stderr).toBe(0);
        return done;
      };
      await run("migrate");
      const key = (await run("api-key", "create", "--name", "disk-full", "--admin")).stdout.trim();
      secrets.push(key);
      full = await spawnApiServer({ env });
      const call = (method: string, p: string, body?: unknown) => send(full!.origin, { method, path: p, headers: { "x-api-key": key }, body });
      const storeId = (JSON.parse((await call("POST", "/memory_stores", { name: "full" })).text) as { id: string }).id;
      const acks: Ack[] = [];
      const write = async (i: number) => {
        const sent = await call("POST", `/memory_stores/${storeId}/memories`, { path: `/m${i}.md`, content: `${i} `.repeat(5000) });
        if (sent.status === 200) {
          const m = JSON.parse(sent.text) as { id: string; memory_version_id: string; content_sha256: string };
          acks.push({ memoryId: m.id, versionId: m.memory_version_id, sha: m.content_sha256 });
        }
        return sent;
      };
      for (let i = 0; i < 10; i++) expect((await write(i)).status).toBe(200);

      try {
        execSync(`dd if=/dev/zero of=${path.join(dir, "filler")} bs=64k status=none`, { stdio: "ignore" });
      } catch {
        // ENOSPC is the point
      }
      const refused: string[] = [];
      for (let i = 10; i < 60 && refused.length < 3; i++) {
        const started = Date.now();
        const sent = await write(i);
        expect(Date.now() - started, "answered without hanging").toBeLessThan(15_000);
        expect(sent.status, sent.text).not.toBe(500);
        if (sent.status !== 200) {
          expect(sent.status).toBe(503);
          expect(JSON.parse(sent.text)).toMatchObject({ type: "error", error: { type: "overloaded_error", message: expect.stringMatching(/disk is full/) } });
          refused.push(sent.text);
        }
      }
      expect(refused.length, "writes were refused once the disk was full").toBeGreaterThan(0);
      expect((await call("GET", `/memory_stores/${storeId}/memories`)).status).toBe(200);

      rmSync(path.join(dir, "filler"));
      let recovered = 0;
      for (let i = 100; i < 110; i++) if ((await write(i)).status === 200) recovered++;
      expect(recovered).toBe(10);

      const handle = openDb(env.DATABASE_URL);
      await handle.ready;
      const workspace = await handle.db.workspace.findFirstOrThrow();
      const counts = await expectConsistent(handle.db, workspace.id, acks);
      const { stdout } = await run("audit", "verify");
      expect(stdout).toContain(`${workspace.id}: OK`);
      console.log(
        `[faults sqlite] disk full: ${refused.length} writes refused with 503, ${acks.length} acknowledged writes intact (${counts.versions} versions)`,
      );
      outputs.push(full.output());
      await handle.db.$disconnect();
    } finally {
      await full?.kill("SIGKILL");
      execFileSync("umount", ["-l", dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
