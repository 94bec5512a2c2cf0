import { createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalize } from "@/lib/canonical-json";
import { createCheckpoint, verifyCheckpoint, type Checkpoint } from "@/server/audit/checkpoint";
import { getDb } from "@/server/db/client";
import { sqlParams } from "@/server/db/sql-params";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { cli } from "./helpers/cli";
import { createTestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";
import { tenantWithWrites } from "./helpers/tenant-with-writes";

const dir = mkdtempSync(path.join(os.tmpdir(), "engram-checkpoint-"));
const keyFile = path.join(dir, "keys", "checkpoint.pem");
process.env.ENGRAM_CHECKPOINT_KEY_FILE = keyFile;
let api: RunningApi;

const post = (key: string, route: string) => rest(api.origin, key, "POST", route, {});

beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

describe("signed audit checkpoints", () => {
  it("signs the chain head with a key kept in a 0600 file outside the database", async () => {
    const { tenant } = await tenantWithWrites(api, "checkpoint-ok");
    const res = await post(tenant.adminKey, "/audit_events/checkpoints");
    expect(res.status).toBe(201);
    const cp = res.body as Checkpoint;
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
    const { tenant, client } = await tenantWithWrites(api, "checkpoint-truncate");
    const cp = await createCheckpoint(tenant.system);
    await client.beta.memoryStores.create({ name: "after" });
    const { db, dialect } = await getDb();
    // Remove the checkpointed event and everything after it: the remaining chain is intact on its
    // own, but the kept signed checkpoint shows the log reached further.
    const { params, p } = sqlParams(dialect);
    await db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "workspaceId" = ${p(tenant.workspace.id)} AND seq >= ${p(cp.seq)}`, ...params);
    expect((await post(tenant.adminKey, "/audit_events/verify")).body).toMatchObject({ ok: false, broken_at_seq: cp.seq });
    const result = await verifyCheckpoint(cp, cp.public_key);
    expect(result.ok).toBe(false);
    expect(result.problems.join()).toMatch(new RegExp(`event ${cp.seq} named by the checkpoint is missing`));
  });

  it("reports the exact event edited in the database, and refuses to sign a broken chain", async () => {
    const { tenant } = await tenantWithWrites(api, "checkpoint-tamper");
    const cp = await createCheckpoint(tenant.system);
    const { db, dialect } = await getDb();
    const victim = await db.auditEvent.findFirstOrThrow({ where: { workspaceId: tenant.workspace.id, action: "memory.created" }, orderBy: { seq: "asc" } });
    const { params, p } = sqlParams(dialect);
    await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET data = ${p(JSON.stringify({ path: "/forged.md" }))} WHERE id = ${p(victim.id)}`, ...params);
    const report = (await post(tenant.adminKey, "/audit_events/verify")).body;
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
    const { tenant } = await tenantWithWrites(api, "checkpoint-key");
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
