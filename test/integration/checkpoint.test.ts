import { execFile } from "node:child_process";
import { createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalize } from "@/lib/canonical-json";
import { createCheckpoint, verifyCheckpoint, type Checkpoint } from "@/server/audit/checkpoint";
import { getDb } from "@/server/db/client";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant } from "./helpers/fixtures";

const dir = mkdtempSync(path.join(os.tmpdir(), "engram-checkpoint-"));
const ph = (n: number) => (process.env.DATABASE_URL!.startsWith("postgres") ? `$${n}` : "?");
const keyFile = path.join(dir, "keys", "checkpoint.pem");
process.env.ENGRAM_CHECKPOINT_KEY_FILE = keyFile;
let api: RunningApi;

async function post(key: string, p: string, body: unknown = {}) {
  const res = await fetch(`${api.origin}/api/v1${p}`, {
    method: "POST",
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function tenantWithHistory(label: string) {
  const tenant = await createTestTenant(label);
  const client = api.sdk(tenant.adminKey);
  const store = await client.beta.memoryStores.create({ name: label });
  for (let i = 0; i < 3; i++) await client.beta.memoryStores.memories.create(store.id, { path: `/f${i}.md`, content: `${i}` });
  return { tenant, client, store };
}

async function cli(args: string[]) {
  try {
    const { stdout } = await promisify(execFile)("npx", ["tsx", "--import", "./scripts/server-only-hook.mjs", "scripts/cli.ts", ...args], { env: process.env });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

describe("signed audit checkpoints", () => {
  it("signs the chain head with a key kept in a 0600 file outside the database", async () => {
    const { tenant } = await tenantWithHistory("checkpoint-ok");
    const res = await post(tenant.adminKey, "/audit_events/checkpoints");
    expect(res.status).toBe(201);
    const cp = res.json as Checkpoint;
    expect(cp).toMatchObject({ type: "audit_checkpoint", workspace_id: tenant.workspace.id, algorithm: "Ed25519" });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(`${keyFile}.pub`).isFile()).toBe(true);
    const signed = Buffer.from(canonicalize({ workspace_id: cp.workspace_id, seq: cp.seq, head_hash: cp.head_hash, created_at: cp.created_at }));
    expect(verify(null, signed, createPublicKey(cp.public_key), Buffer.from(cp.signature, "base64"))).toBe(true);
    const { db } = await getDb();
    const head = await db.auditEvent.findFirstOrThrow({ where: { workspaceId: tenant.workspace.id }, orderBy: { seq: "desc" } });
    expect(head).toMatchObject({ seq: cp.seq, hash: cp.head_hash, action: "audit.checkpoint" });
    expect(JSON.stringify(await db.workspace.findUniqueOrThrow({ where: { id: tenant.workspace.id } }))).not.toContain(cp.public_key.slice(30, 60));

    // Later events do not invalidate an earlier checkpoint.
    await api.sdk(tenant.adminKey).beta.memoryStores.create({ name: "later" });
    expect(await verifyCheckpoint(cp, cp.public_key)).toMatchObject({ ok: true });

    const file = path.join(dir, "ok.json");
    writeFileSync(file, JSON.stringify(cp));
    const out = await cli(["audit", "verify", "--checkpoint", file]);
    expect(out.stdout).toContain("checkpoint OK");
    expect(out.code).toBe(0);
    // A forged field breaks the signature.
    writeFileSync(file, JSON.stringify({ ...cp, seq: cp.seq - 1 }));
    const forged = await cli(["audit", "verify", "--checkpoint", file]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain("signature does not match");
  });

  it("prints a checkpoint from the CLI", async () => {
    const out = await cli(["audit", "checkpoint"]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ type: "audit_checkpoint", algorithm: "Ed25519" });
  });

  it("detects deletion of events after the checkpoint", async () => {
    const { tenant, client } = await tenantWithHistory("checkpoint-truncate");
    const cp = await createCheckpoint(tenant.system);
    await client.beta.memoryStores.create({ name: "after" });
    const { db } = await getDb();
    // Remove the checkpointed event and everything after it: the remaining chain is intact on its
    // own, but the kept signed checkpoint shows the log reached further.
    await db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "workspaceId" = ${ph(1)} AND seq >= ${ph(2)}`, tenant.workspace.id, cp.seq);
    expect((await post(tenant.adminKey, "/audit_events/verify")).json).toMatchObject({ ok: false, broken_at_seq: cp.seq });
    const result = await verifyCheckpoint(cp, cp.public_key);
    expect(result.ok).toBe(false);
    expect(result.problems.join()).toMatch(new RegExp(`event ${cp.seq} named by the checkpoint is missing`));
  });

  it("reports the exact event edited in the database, and refuses to sign a broken chain", async () => {
    const { tenant } = await tenantWithHistory("checkpoint-tamper");
    const cp = await createCheckpoint(tenant.system);
    const { db } = await getDb();
    const victim = await db.auditEvent.findFirstOrThrow({ where: { workspaceId: tenant.workspace.id, action: "memory.created" }, orderBy: { seq: "asc" } });
    await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET data = ${ph(1)} WHERE id = ${ph(2)}`, JSON.stringify({ path: "/forged.md" }), victim.id);
    const report = (await post(tenant.adminKey, "/audit_events/verify")).json;
    expect(report).toMatchObject({ ok: false, broken_at_seq: victim.seq, event_id: victim.id });
    const result = await verifyCheckpoint(cp, cp.public_key);
    expect(result.ok).toBe(false);
    expect(result.problems.join()).toContain(victim.id);
    const file = path.join(dir, "tamper.json");
    writeFileSync(file, JSON.stringify(cp));
    const out = await cli(["audit", "verify", "--checkpoint", file]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`event ${victim.seq} (${victim.id})`);
    expect((await post(tenant.adminKey, "/audit_events/checkpoints")).status).toBe(409);
  });

  it("rejects a checkpoint signed by another key than the trusted one", async () => {
    const { tenant } = await tenantWithHistory("checkpoint-key");
    const cp = await createCheckpoint(tenant.system);
    const other = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
    const result = await verifyCheckpoint(cp, other);
    expect(result.problems.join()).toContain("different key");
  });

  it("refuses agent keys and viewers", async () => {
    const tenant = await createTestTenant("checkpoint-auth");
    expect((await post(tenant.agentKey, "/audit_events/checkpoints")).status).toBe(403);
    const { ctx } = await tenant.user("viewer");
    await expect(createCheckpoint(ctx)).rejects.toMatchObject({ status: 403 });
  });
});
