// SIGKILL the API server in the middle of a write load, restart it, and check that the
// database is consistent: heads equal newest versions, every version has its audit event,
// the audit chain verifies, and every write acknowledged before the kill is there.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { APIError } from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { getDb } from "@/server/db/client";
import { sha256Hex } from "@/server/crypto";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";

const CLIENTS = 6;
const noRateLimit = { ENGRAM_RATE_LIMIT_PER_MINUTE: "100000000" };
const root = path.resolve(import.meta.dirname, "../..");

type Ack = { memoryId: string; versionId: string; sha: string };

let server: SpawnedApi | null = null;
let tenant: TestTenant;
let storeId: string;

beforeAll(async () => {
  tenant = await createTestTenant("crash");
});
afterAll(() => server?.kill("SIGKILL"));

/** Each client creates its own memories and keeps rewriting, renaming and deleting them until the server dies. */
async function writeLoad(api: SpawnedApi, acks: Ack[], round: number, stop: { now: boolean }) {
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const memories = api.sdk(tenant.adminKey).beta.memoryStores.memories;
      let n = 0;
      let current: { id: string; sha: string } | null = null;
      while (!stop.now) {
        n++;
        const content = `round ${round} client ${c} write ${n}\n`.repeat(1 + (n % 7));
        try {
          if (!current || n % 11 === 0) {
            const m = await memories.create(storeId, { path: `/r${round}/c${c}/m${n}.md`, content });
            acks.push({ memoryId: m.id, versionId: m.memory_version_id, sha: m.content_sha256 });
            current = { id: m.id, sha: m.content_sha256 };
          } else if (n % 13 === 0) {
            await memories.delete(current.id, { memory_store_id: storeId, expected_content_sha256: current.sha });
            acks.push({ memoryId: current.id, versionId: "", sha: "deleted" });
            current = null;
          } else {
            const m = await memories.update(current.id, {
              memory_store_id: storeId,
              content,
              ...(n % 5 === 0 ? { path: `/r${round}/c${c}/renamed-${n}.md` } : {}),
              precondition: { type: "content_sha256", content_sha256: current.sha },
            });
            acks.push({ memoryId: m.id, versionId: m.memory_version_id, sha: m.content_sha256 });
            current = { id: m.id, sha: m.content_sha256 };
          }
        } catch (error) {
          // The kill: connection refused/reset. Anything else is a real failure.
          if (error instanceof APIError && error.status !== undefined) throw error;
          return;
        }
      }
    }),
  );
}

async function checkConsistency(acks: Ack[]) {
  const { db } = await getDb();
  const workspaceId = tenant.workspace.id;
  const memories = await db.memory.findMany({ where: { workspaceId } });
  const versions = await db.memoryVersion.findMany({ where: { workspaceId }, orderBy: { id: "asc" } });
  const events = await db.auditEvent.findMany({ where: { workspaceId, targetType: "memory" } });

  const newest = new Map<string, (typeof versions)[number]>();
  for (const v of versions) newest.set(v.memoryId, v);
  for (const m of memories) {
    const head = newest.get(m.id);
    expect(head, `memory ${m.id} has versions`).toBeDefined();
    expect(m.headVersionId, `head of ${m.id}`).toBe(head!.id);
    if (head!.operation === "deleted") {
      expect(m.deletedAt).not.toBeNull();
      expect(m.livePath).toBeNull();
    } else {
      expect({ content: m.content, sha: m.contentSha256, size: m.sizeBytes, path: m.path, live: m.livePath }).toEqual({
        content: head!.content,
        sha: head!.contentSha256,
        size: head!.sizeBytes,
        path: head!.path,
        live: head!.path,
      });
      expect(sha256Hex(m.content)).toBe(m.contentSha256);
    }
  }
  expect(new Set(newest.keys())).toEqual(new Set(memories.map((m) => m.id)));

  const eventByVersion = new Map(events.map((e) => [(JSON.parse(e.data) as { memory_version_id?: string }).memory_version_id, e]));
  for (const v of versions) {
    const event = eventByVersion.get(v.id);
    expect(event, `audit event for version ${v.id}`).toBeDefined();
    expect(event!.targetId).toBe(v.memoryId);
    expect(event!.action).toBe(`memory.${v.operation}`);
  }
  expect(events.length).toBe(versions.length);

  const byId = new Map(versions.map((v) => [v.id, v]));
  for (const ack of acks) {
    if (ack.sha === "deleted") {
      const m = memories.find((x) => x.id === ack.memoryId);
      expect(m?.deletedAt, `acknowledged delete of ${ack.memoryId}`).not.toBeNull();
      continue;
    }
    const v = byId.get(ack.versionId);
    expect(v, `acknowledged version ${ack.versionId}`).toBeDefined();
    expect(v!.contentSha256).toBe(ack.sha);
  }
  expect(await verifyAuditChain(workspaceId)).toMatchObject({ ok: true });
  return { memories: memories.length, versions: versions.length };
}

describe("crash safety", () => {
  it("SIGKILL mid-load loses no acknowledged write and leaves heads, versions and audit events consistent", { timeout: 300_000 }, async () => {
    server = await spawnApiServer({ env: noRateLimit });
    storeId = (await server.sdk(tenant.adminKey).beta.memoryStores.create({ name: "crash" })).id;
    const acks: Ack[] = [];

    for (let round = 1; round <= 3; round++) {
      const stop = { now: false };
      const before = acks.length;
      const load = writeLoad(server, acks, round, stop);
      // Kill once the load is well under way (a few dozen acknowledged writes), at a time writes are in flight.
      const deadline = Date.now() + 60_000;
      while (acks.length - before < 40 + round * 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await server.kill("SIGKILL");
      stop.now = true;
      await load;
      const acked = acks.length - before;
      expect(acked).toBeGreaterThan(0);

      // Inspect the files as the dead server left them, then after a restart through the API.
      const counts = await checkConsistency(acks);
      server = await spawnApiServer({ port: server.port, env: noRateLimit });
      const sdk = server.sdk(tenant.adminKey);
      for (const ack of acks.slice(-20)) {
        if (ack.sha === "deleted") continue;
        const v = await sdk.beta.memoryStores.memoryVersions.retrieve(ack.versionId, { memory_store_id: storeId, view: "basic" });
        expect(v.content_sha256).toBe(ack.sha);
      }
      console.log(
        `[crash ${process.env.ENGRAM_TEST_DB ?? "sqlite"}] round ${round}: killed after ${acked} acknowledged writes; ${counts.memories} memories, ${counts.versions} versions consistent`,
      );
    }

    // The restarted server keeps the chain going, and the CLI agrees it is intact.
    await server.sdk(tenant.adminKey).beta.memoryStores.memories.create(storeId, { path: "/after-crash.md", content: "alive" });
    await checkConsistency(acks);
    const { stdout } = await promisify(execFile)(
      path.join(root, "node_modules/.bin/tsx"),
      // Only this file's workspace: others in the same database break their chains on purpose.
      ["--import", "./scripts/server-only-hook.mjs", "scripts/cli.ts", "audit", "verify", "--workspace", tenant.workspace.id],
      {
        cwd: root,
        env: process.env,
      },
    );
    expect(stdout).toContain(`${tenant.workspace.id}: OK`);
  });
});
