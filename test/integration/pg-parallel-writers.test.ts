// PostgreSQL as a scale path (issue 14): writers of different stores never wait for one another
// (one store's write transaction held open, another store's write commits meanwhile, through this
// process and through two other Engram servers), and two servers on one database lose no update,
// keep one verifiable audit history and see each other's live events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { getDb } from "@/server/db/client";
import { pgAutocommit, pgPool, pgTransaction, runStepPg } from "@/server/db/pg-pool";
import { getRow, writeRow } from "@/server/db/sql-step";
import { commitChange } from "@/server/memory/write/commit-change";
import { HeadMoved, NeedsTransaction, writeStore } from "@/server/memory/write/write-store";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { adminJson, send } from "./helpers/matrix";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

const pg = process.env.ENGRAM_TEST_DB === "postgresql";
let tenant: TestTenant;
let servers: SpawnedApi[] = [];

beforeAll(async () => {
  if (!pg) return;
  tenant = await createTestTenant("pg-parallel");
  // Authorization lookups cached for a minute: only another instance's notification can drop them in time.
  servers = await Promise.all([0, 1].map(() => spawnApiServer({ env: { ENGRAM_AUTH_CACHE_MS: "60000" } })));
});
afterAll(async () => {
  for (const server of servers) await server.kill("SIGKILL");
});

const memoriesOf = (storeId: string) => `/memory_stores/${storeId}/memories`;
async function createMemory(origin: string, storeId: string, path: string, content: string) {
  const res = await send(origin, { method: "POST", path: memoriesOf(storeId), headers: { "x-api-key": tenant.adminKey }, body: { path, content } });
  expect(res.status).toBe(200);
  return JSON.parse(res.text) as { id: string; content_sha256: string };
}

/** Resolves with the value, or rejects if it takes longer than `ms` (the bound is far above a quiet write). */
const within = <T>(ms: number, promise: Promise<T>, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms))]);

describe.runIf(pg)("PostgreSQL: parallel writers", () => {
  it("a write to one store commits while another store's write transaction is held open (here and on two other servers)", { timeout: 120_000 }, async () => {
    const [a, b] = servers;
    const stores = await Promise.all(
      ["held", "free-a", "free-b"].map((name) => adminJson<{ id: string }>(a.origin, tenant.adminKey, "POST", "/memory_stores", { name })),
    );
    const held = await createMemory(a.origin, stores[0].id, "/held.md", "v1");
    const ctx = { principal: { type: "system" as const, workspaceId: tenant.workspace.id }, requestId: "req_held" };

    // The write path's own transaction for the held store, stopped after writing its change
    // (version, head, audit event) and before COMMIT: it holds every lock such a write holds.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const s = writeStore("postgresql", tenant.workspace.id);
    const open = pgTransaction(async (client, afterCommit) => {
      await runStepPg(client, getRow(`SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))::text AS "locked"`, [tenant.workspace.id]));
      await runStepPg(
        client,
        (function* () {
          const store = (yield* s.storeState(stores[0].id))!;
          const memory = (yield* s.liveMemory(stores[0].id, held.id))!;
          return yield* commitChange(
            { s, afterCommit, optimistic: false },
            ctx,
            { storeId: store.id, memory, operation: "modified", cause: "write", content: "v2", path: memory.path },
            store,
          );
        })(),
      );
      holding();
      await gate;
    });
    await isHolding;
    try {
      const { db } = await getDb();
      await within(15_000, createMemory(a.origin, stores[1].id, "/a.md", "from server a"), "a write to another store through server a");
      await within(15_000, createMemory(b.origin, stores[2].id, "/b.md", "from server b"), "a write to another store through server b");
      expect(await db.memory.count({ where: { storeId: { in: [stores[1].id, stores[2].id] } } })).toBe(2);
    } finally {
      release();
      await open;
    }
    expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: true });
  });

  it("a write whose precondition is stale is refused at once, not after the row lock another writer holds", { timeout: 120_000 }, async () => {
    const [a] = servers;
    const store = await adminJson<{ id: string }>(a.origin, tenant.adminKey, "POST", "/memory_stores", { name: "stale" });
    const first = await createMemory(a.origin, store.id, "/stale.md", "v1");
    const update = (content: string, sha: string) =>
      send(a.origin, {
        method: "POST",
        path: `${memoriesOf(store.id)}/${first.id}`,
        headers: { "x-api-key": tenant.adminKey },
        body: { content, precondition: { type: "content_sha256", content_sha256: sha } },
      });
    const second = await update("v2", first.content_sha256);
    expect(second.status).toBe(200);
    // Another writer of this memory in the middle of its transaction: the row is locked.
    const other = await pgPool().connect();
    await other.query("BEGIN");
    await other.query(`SELECT 1 FROM "Memory" WHERE "id" = $1 FOR UPDATE`, [first.id]);
    let stale: Awaited<ReturnType<typeof update>> | undefined;
    try {
      stale = await within(10_000, update("v3 from a stale read", first.content_sha256), "a write with a stale precondition");
    } finally {
      await other.query("ROLLBACK");
      other.release();
    }
    expect(stale.status).toBe(409);
    expect(JSON.parse(stale.text)).toMatchObject({ error: { type: "memory_precondition_failed_error" } });
    // A write on the current head goes through once the row is free, and exactly one version is added.
    const third = await update("v3", (JSON.parse(second.text) as { content_sha256: string }).content_sha256);
    expect(third.status).toBe(200);
    const { db } = await getDb();
    expect(await db.memoryVersion.count({ where: { memoryId: first.id } })).toBe(3);
  });

  it("outside a transaction a change writes in one statement: a head that moved meanwhile writes nothing at all", async () => {
    const [a] = servers;
    const store = await adminJson<{ id: string }>(a.origin, tenant.adminKey, "POST", "/memory_stores", { name: "one statement" });
    const created = await createMemory(a.origin, store.id, "/one.md", "v1");
    const ctx = { principal: { type: "system" as const, workspaceId: tenant.workspace.id }, requestId: "req_one_statement" };
    const s = writeStore("postgresql", tenant.workspace.id, { autocommit: true });
    // Planned on a head that is not the memory's: the write must move nothing and insert nothing.
    const attempt = pgAutocommit((client, afterCommit) =>
      runStepPg(
        client,
        (function* () {
          const store_ = (yield* s.storeState(store.id))!;
          const memory = (yield* s.liveMemory(store.id, created.id, { lock: false }))!;
          const stale = { ...memory, headVersionId: "memver_not_the_head" };
          return yield* commitChange(
            { s, afterCommit, optimistic: true },
            ctx,
            { storeId: store.id, memory: stale, operation: "modified", cause: "write", content: "v2 on a stale head", path: memory.path },
            store_,
          );
        })(),
        { oneWrite: true },
      ),
    );
    await expect(attempt).rejects.toBeInstanceOf(HeadMoved);
    const { db } = await getDb();
    expect(await db.memoryVersion.count({ where: { workspaceId: tenant.workspace.id, memoryId: created.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { workspaceId: tenant.workspace.id, requestId: "req_one_statement" } })).toBe(0);
    // A step may write once, as its last statement: anything after its write is refused, never run.
    const twice = pgAutocommit((client) =>
      runStepPg(
        client,
        (function* () {
          yield* writeRow(`SELECT 1 AS "one"`);
          yield* getRow(`SELECT 2 AS "two"`);
        })(),
        { oneWrite: true },
      ),
    );
    await expect(twice).rejects.toThrow(/after its write/);
    // A row lock outside a transaction is refused before it is asked for: the runner retries in one.
    expect(() => s.lockPaths(store.id).next()).toThrow(NeedsTransaction);
  });

  it("a grant removed and a key revoked through one server are refused by the other at once, though it had them cached", { timeout: 60_000 }, async () => {
    const [a, b] = servers;
    const store = await adminJson<{ id: string }>(a.origin, tenant.adminKey, "POST", "/memory_stores", { name: "revocations" });
    const other = await tenant.newAgent();
    await tenant.grant(store.id, other.agent.id, "read_write");
    const list = () => send(b.origin, { method: "GET", path: memoriesOf(store.id), headers: { "x-api-key": other.key } });
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(200); // the key, the store and the grants are now cached on b
    /** How long until b answers `status` (it must, well within the cache's minute). */
    const refusedWithin = async (status: number) => {
      const started = Date.now();
      while ((await list()).status !== status) {
        expect(Date.now() - started, `b still answers the old way after ${Date.now() - started} ms`).toBeLessThan(5_000);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return Date.now() - started;
    };
    await adminJson(a.origin, tenant.adminKey, "POST", `/memory_stores/${store.id}/grants`, { agent_id: other.agent.id, access: null });
    const afterGrant = await refusedWithin(404);
    await tenant.grant(store.id, other.agent.id, "read_write");
    await refusedWithin(200);
    await adminJson(a.origin, tenant.adminKey, "POST", `/api_keys/${other.keyId}/revoke`, {});
    const afterRevoke = await refusedWithin(401);
    console.log(`[pg-parallel] b refused after the grant's removal in ${afterGrant} ms, after the key's revocation in ${afterRevoke} ms`);
  });

  it(
    "two servers: no lost update on shared counters, one verifiable audit history, live events from each seen on the other",
    { timeout: 240_000 },
    async () => {
      const [a] = servers;
      const store = await adminJson<{ id: string }>(a.origin, tenant.adminKey, "POST", "/memory_stores", { name: "counters" });
      const counters = await Promise.all([0, 1].map((i) => createMemory(a.origin, store.id, `/counter-${i}.md`, "0")));
      const streams = await Promise.all(servers.map((server) => openEvents(server.origin, store.id)));

      // 8 clients, 4 per server, each adds 1 to a shared counter 15 times: read, write with the
      // content_sha256 precondition, on 409 read again.
      let acknowledged = 0;
      await Promise.all(
        Array.from({ length: 8 }, async (_, c) => {
          const server = servers[c % 2];
          const counter = counters[c % 2];
          for (let done = 0; done < 15;) {
            const current = await send(server.origin, {
              method: "GET",
              path: `${memoriesOf(store.id)}/${counter.id}?view=full`,
              headers: { "x-api-key": tenant.adminKey },
            });
            const body = JSON.parse(current.text) as { content: string; content_sha256: string };
            const res = await send(server.origin, {
              method: "POST",
              path: `${memoriesOf(store.id)}/${counter.id}`,
              headers: { "x-api-key": tenant.adminKey },
              // Distinct text per write: two clients writing the same text would both get 200 (the memory already is what was asked).
              body: {
                content: `${Number(body.content.split(" ")[0]) + 1} client ${c} write ${done}`,
                precondition: { type: "content_sha256", content_sha256: body.content_sha256 },
              },
            });
            if (res.status === 200) {
              done++;
              acknowledged++;
            } else expect(res.status).toBe(409);
          }
        }),
      );
      const { db } = await getDb();
      const finals = await db.memory.findMany({ where: { id: { in: counters.map((m) => m.id) } } });
      expect(finals.reduce((sum, m) => sum + Number(m.content.split(" ")[0]), 0)).toBe(acknowledged);
      expect(acknowledged).toBe(8 * 15);
      expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: true });

      // Every acknowledged write reached both servers' streams, whichever server took it.
      const versions = await db.memoryVersion.findMany({ where: { storeId: store.id, operation: "modified" }, select: { id: true } });
      for (const stream of streams) {
        await stream.until((seen) => versions.every((v) => seen.has(v.id)));
        stream.close();
      }
    },
  );
});

/** Reads a server's event stream for one store, collecting the version ids it announces. */
async function openEvents(origin: string, storeId: string) {
  const controller = new AbortController();
  const response = await fetch(`${origin}/api/v1/events?store_id=${storeId}`, { headers: { "x-api-key": tenant.adminKey }, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const seen = new Set<string>();
  let buffer = "";
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (const match of buffer.matchAll(/"memory_version_id":"([^"]+)"/g)) seen.add(match[1]);
      buffer = buffer.slice(buffer.lastIndexOf("\n\n") + 1);
    }
  })();
  return {
    async until(condition: (seen: Set<string>) => boolean, timeoutMs = 60_000) {
      for (const deadline = Date.now() + timeoutMs; !condition(seen);) {
        if (Date.now() > deadline) throw new Error(`stream of ${origin}: ${seen.size} events, not all of them`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close() {
      controller.abort();
      void pump;
    },
  };
}
