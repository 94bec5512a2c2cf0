// Audit verification edges (issue 13 finding 11) and redaction inside event data (issue 15):
// the hash covers the stored bytes, corrupt rows are failures at their seq (CLI and endpoint),
// scheduled signed checkpoints catch deletion of the newest events, an untrusted checkpoint is
// not "OK", and redacting a field of an event keeps the chain verifiable.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealWorkspace } from "@/server/audit/seal-audit-events";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { hmacHex } from "@/server/crypto";
import { getDb } from "@/server/db/client";
import { sqlParams } from "@/server/db/sql-params";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { cli } from "./helpers/cli";
import type { TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";
import { spawnApiServer } from "./helpers/spawn-server";
import { tenantWithWrites } from "./helpers/tenant-with-writes";

const dir = mkdtempSync(path.join(os.tmpdir(), "engram-chain-edges-"));
const keyFile = path.join(dir, "keys", "checkpoint.pem");
process.env.ENGRAM_CHECKPOINT_KEY_FILE = keyFile;
let api: RunningApi;

/** The newest event with `action`, as stored. */
async function storedEvent(tenant: TestTenant, action: string) {
  await sealWorkspace(tenant.workspace.id); // PostgreSQL: the newest events may still wait for the sealer
  const { db } = await getDb();
  return db.auditEvent.findFirstOrThrow({ where: { workspaceId: tenant.workspace.id, action, seq: { gt: 0 } }, orderBy: { seq: "desc" } });
}

async function setData(id: string, data: string) {
  const { db, dialect } = await getDb();
  const { params, p } = sqlParams(dialect);
  await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "data" = ${p(data)} WHERE "id" = ${p(id)}`, ...params);
}

beforeAll(async () => {
  api = await startApiServer();
});
afterAll(() => api.close());

describe("audit verification edges", () => {
  it("a duplicated key in an event's stored data fails verification at its seq", async () => {
    const { tenant } = await tenantWithWrites(api, "dup-key");
    const event = await storedEvent(tenant, "memory.created");
    expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: true });
    // JSON.parse keeps the last of duplicated keys: the parsed data is unchanged, the bytes are not.
    await setData(event.id, event.data.replace(/^\{/, '{"cause":"forged",'));
    expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: false, brokenAtSeq: event.seq });
  });

  it("a corrupt data row is a failure at its seq in the CLI (no crash) and in the verify endpoint", async () => {
    const { tenant } = await tenantWithWrites(api, "corrupt");
    const event = await storedEvent(tenant, "memory.created");
    await setData(event.id, '{"path": ');
    const out = await cli(["audit", "verify", "--workspace", tenant.workspace.id]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`BROKEN at event ${event.seq}`);
    expect(out.stderr).not.toMatch(/SyntaxError|at JSON\.parse/);
    const res = await rest(api.origin, tenant.adminKey, "POST", "/audit_events/verify", {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, broken_at_seq: event.seq });
  });

  it("deleting the newest events is detected: signed checkpoints are made on a schedule", { timeout: 120_000 }, async () => {
    const server = await spawnApiServer({ env: { ENGRAM_CHECKPOINT_INTERVAL: "1", ENGRAM_CHECKPOINT_KEY_FILE: keyFile } });
    let tenant: TestTenant;
    try {
      ({ tenant } = await tenantWithWrites(server, "truncate"));
      const { db } = await getDb();
      const head = await db.auditEvent.findFirstOrThrow({ where: { workspaceId: tenant.workspace.id }, orderBy: { seq: "desc" } });
      // Wait for the schedule (not a fixed time): a checkpoint at or past the last write.
      const kept = path.join(dir, "keys", "checkpoints", `${tenant.workspace.id}.json`);
      for (const deadline = Date.now() + 60_000; !(existsSync(kept) && JSON.parse(readFileSync(kept, "utf8")).seq > head.seq);) {
        if (Date.now() > deadline) throw new Error("no scheduled checkpoint within 60 s");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await server.kill("SIGKILL");
    }
    expect((await cli(["audit", "verify", "--workspace", tenant.workspace.id])).code).toBe(0);
    const { db } = await getDb();
    const newest = await db.auditEvent.findMany({ where: { workspaceId: tenant.workspace.id }, orderBy: { seq: "desc" }, take: 2 });
    await db.auditEvent.deleteMany({ where: { id: { in: newest.map((e) => e.id) } } });
    const out = await cli(["audit", "verify", "--workspace", tenant.workspace.id]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/newest events were deleted/);
  });

  it("verifying a checkpoint without a trusted public key exits non-zero unless --allow-untrusted", async () => {
    const { tenant } = await tenantWithWrites(api, "untrusted");
    const res = await rest(api.origin, tenant.adminKey, "POST", "/audit_events/checkpoints");
    const file = path.join(dir, `${tenant.workspace.id}-cp.json`);
    writeFileSync(file, res.text);
    // A key location with no .pub file beside it: nothing to trust.
    const elsewhere = { ENGRAM_CHECKPOINT_KEY_FILE: path.join(mkdtempSync(path.join(os.tmpdir(), "engram-nokey-")), "none.pem") };
    const refused = await cli(["audit", "verify", "--checkpoint", file], elsewhere);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toMatch(/NOT TRUSTED/);
    expect((await cli(["audit", "verify", "--checkpoint", file, "--allow-untrusted"], elsewhere)).code).toBe(0);
    expect((await cli(["audit", "verify", "--checkpoint", file])).code).toBe(0); // the local .pub is trusted
  });
});

describe("redacting data inside audit events", () => {
  it("audit data carries a keyed digest of the content, never the unkeyed sha256", async () => {
    const { tenant } = await tenantWithWrites(api, "keyed", 1);
    const event = await storedEvent(tenant, "memory.created");
    const { db } = await getDb();
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: tenant.workspace.id } });
    const data = JSON.parse(event.data) as Record<string, unknown>;
    expect(data.content_sha256).toBeUndefined();
    expect(data.content_hmac_sha256).toBe(hmacHex(workspace.hmacKey!, "secret 0"));
  });

  it("redactAuditEventData replaces a field and the chain still verifies; tampering with the redacted data does not", async () => {
    const { redactAuditEventData } = await import("@/server/audit/redact-audit-event-data");
    const { runTransaction } = await import("@/server/db/transaction");
    const { tenant } = await tenantWithWrites(api, "redact-data");
    const event = await storedEvent(tenant, "memory.created");
    const ctx = { principal: { type: "system" as const, workspaceId: tenant.workspace.id }, requestId: "req_test" };
    await runTransaction((t) => redactAuditEventData(t.tx, ctx, event.id, (data) => ({ ...data, path: "[REDACTED]" })), {
      lockWorkspace: tenant.workspace.id,
    });
    const after = await getDb().then(({ db }) => db.auditEvent.findUniqueOrThrow({ where: { id: event.id } }));
    expect(JSON.parse(after.data)).toMatchObject({ path: "[REDACTED]" });
    expect(after.data).not.toContain("/f");
    expect(await storedEvent(tenant, "audit.data_redacted")).toMatchObject({ targetId: event.id });
    expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: true });
    await setData(event.id, after.data.replace("[REDACTED]", "/f0.md"));
    expect(await verifyAuditChain(tenant.workspace.id)).toMatchObject({ ok: false, brokenAtSeq: event.seq });
  });
});
