// Legal holds (issue 18 item 5): a hold on a store or a memory blocks memory deletion, store
// deletion and retention removal with a clear 409 until it is lifted; redaction under a hold
// needs an explicit override with a reason, which the audit log records.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { placeHold } from "@/server/holds/place-hold";
import { liftHold } from "@/server/holds/lift-hold";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest, type Reply } from "./helpers/rest";
import { callMemoryTool } from "./memory-tool-helpers";

let api: RunningApi;
let tenant: TestTenant;
let compliance: Awaited<ReturnType<TestTenant["user"]>>;

const call = (method: string, route: string, body?: unknown, key = tenant.adminKey) => rest(api.origin, key, method, route, body);

async function storeWithHistory(name: string) {
  const store = (await call("POST", "/memory_stores", { name })).body.id as string;
  await tenant.grant(store, tenant.agent.id, "read_write");
  const memory = (await call("POST", `/memory_stores/${store}/memories`, { path: "/case.md", content: "first draft with ACME-4411\n" })).body;
  const head = (await call("POST", `/memory_stores/${store}/memories/${memory.id}`, { content: "second draft\n" })).body;
  const spare = (await call("POST", `/memory_stores/${store}/memories`, { path: "/spare.md", content: "spare\n" })).body;
  return {
    store,
    memoryId: memory.id as string,
    firstVersionId: memory.memory_version_id as string,
    headVersionId: head.memory_version_id as string,
    spareId: spare.id as string,
  };
}

async function auditEvents(action: string) {
  return (await call("GET", `/audit_events?limit=100&action=${action}`)).body.data as { action: string; target: { id: string }; data: Record<string, any> }[];
}

const expectHeld = (res: Reply, holdId: string) => {
  expect(res.status, JSON.stringify(res.body)).toBe(409);
  expect(res.body.error.type).toBe("conflict_error");
  expect(res.body.error.message).toMatch(/legal hold/);
  expect(res.body.error.legal_hold_ids).toContain(holdId);
};

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("hold");
  compliance = await tenant.user("compliance");
});
afterAll(() => api.close());

describe("legal holds", () => {
  it("compliance places a hold (who, why, when), lists and retrieves it; the audit log records it", async () => {
    const { store } = await storeWithHistory("hold listing");
    const hold = await placeHold(compliance.ctx, { storeId: store, reason: "litigation 2026-17" });
    expect(hold).toMatchObject({
      type: "legal_hold",
      memory_store_id: store,
      memory_id: null,
      reason: "litigation 2026-17",
      placed_by: { type: "user_actor", user_id: compliance.user.id },
      status: "active",
      lifted_at: null,
    });
    expect(hold.id).toMatch(/^hold_/);
    expect((await call("GET", `/holds/${hold.id}`)).body).toEqual(hold);
    const listed = await call("GET", `/holds?memory_store_id=${store}&status=active`);
    expect(listed.body.data.map((h: { id: string }) => h.id)).toEqual([hold.id]);
    const placed = await auditEvents("legal_hold.placed");
    expect(placed.find((e) => e.target.id === hold.id)?.data).toMatchObject({ hold_id: hold.id, reason: "litigation 2026-17" });
    const lifted = await liftHold(compliance.ctx, hold.id, { reason: "case closed" });
    expect(lifted).toMatchObject({ status: "lifted", lift_reason: "case closed", lifted_by: { type: "user_actor", user_id: compliance.user.id } });
    const again = await call("POST", `/holds/${hold.id}/lift`, { reason: "again" });
    expect(again.status).toBe(409);
    expect((await call("GET", `/holds?memory_store_id=${store}&status=active`)).body.data).toEqual([]);
    expect((await auditEvents("legal_hold.lifted")).some((e) => e.target.id === hold.id)).toBe(true);
  });

  it("refuses a hold without a reason, on a missing memory, and for roles without holds:manage", async () => {
    const { store } = await storeWithHistory("hold refusals");
    expect((await call("POST", "/holds", { memory_store_id: store, reason: "  " })).status).toBe(400);
    expect((await call("POST", "/holds", { memory_store_id: store, memory_id: "mem_missing", reason: "x" })).status).toBe(404);
    const developer = await tenant.user("developer");
    await expect(placeHold(developer.ctx, { storeId: store, reason: "x" })).rejects.toMatchObject({ status: 403 });
    expect((await call("POST", "/holds", { memory_store_id: store, reason: "x" }, tenant.agentKey)).status).toBe(403);
  });

  it("a hold on a memory blocks its deletion (REST and memory tool) until lifted; other memories stay deletable", async () => {
    const fx = await storeWithHistory("memory hold");
    const hold = await placeHold(compliance.ctx, { storeId: fx.store, memoryId: fx.memoryId, reason: "preserve" });
    expectHeld(await call("DELETE", `/memory_stores/${fx.store}/memories/${fx.memoryId}`), hold.id);
    const tool = await callMemoryTool(api.origin, tenant.agentKey, fx.store, { command: "delete", path: "/memories/case.md" });
    // A tool result the model can read, not an HTTP error.
    expect(tool.status).toBe(200);
    expect(tool.body).toMatchObject({ type: "memory_tool_result", is_error: true });
    expect(tool.body.content).toMatch(/under legal hold/);
    expect((await call("GET", `/memory_stores/${fx.store}/memories/${fx.memoryId}`)).status).toBe(200);
    expect((await call("DELETE", `/memory_stores/${fx.store}/memories/${fx.spareId}`)).status).toBe(200);
    await liftHold(compliance.ctx, hold.id, { reason: "released" });
    expect((await call("DELETE", `/memory_stores/${fx.store}/memories/${fx.memoryId}`)).status).toBe(200);
  });

  it("a hold on a store blocks store deletion and every memory deletion in it until lifted", async () => {
    const fx = await storeWithHistory("store hold");
    const hold = (await call("POST", "/holds", { memory_store_id: fx.store, reason: "regulator request" })).body;
    expectHeld(await call("DELETE", `/memory_stores/${fx.store}`), hold.id);
    expectHeld(await call("DELETE", `/memory_stores/${fx.store}/memories/${fx.spareId}`), hold.id);
    expect((await call("GET", `/memory_stores/${fx.store}`)).status).toBe(200);
    expect((await call("POST", `/holds/${hold.id}/lift`, { reason: "request withdrawn" })).status).toBe(200);
    expect((await call("DELETE", `/memory_stores/${fx.store}/memories/${fx.spareId}`)).status).toBe(200);
    expect((await call("DELETE", `/memory_stores/${fx.store}`)).status).toBe(200);
  });

  it("a memory hold also blocks deleting its store", async () => {
    const fx = await storeWithHistory("memory hold store delete");
    const hold = await placeHold(compliance.ctx, { storeId: fx.store, memoryId: fx.spareId, reason: "preserve one file" });
    expectHeld(await call("DELETE", `/memory_stores/${fx.store}`), hold.id);
    await liftHold(compliance.ctx, hold.id, { reason: "done" });
    expect((await call("DELETE", `/memory_stores/${fx.store}`)).status).toBe(200);
  });

  it("redaction under a hold needs legal_hold_override_reason, recorded in the audit event", async () => {
    const fx = await storeWithHistory("redaction hold");
    const hold = await placeHold(compliance.ctx, { storeId: fx.store, memoryId: fx.memoryId, reason: "preserve" });
    const sdkRoute = `/memory_stores/${fx.store}/memory_versions/${fx.firstVersionId}/redact`;
    expectHeld(await call("POST", sdkRoute, { reason: "pii" }), hold.id);
    expectHeld(await call("POST", "/redaction/redact", { mode: "version", version_ids: [fx.firstVersionId], reason: "pii" }), hold.id);
    expectHeld(await call("POST", "/redaction/redact", { mode: "text", query: "ACME-4411", store_id: fx.store, reason: "pii" }), hold.id);
    // Nothing was redacted by the refused calls.
    expect((await call("GET", `/memory_stores/${fx.store}/memory_versions/${fx.firstVersionId}?view=full`)).body.content).toContain("ACME-4411");
    const text = await call("POST", "/redaction/redact", {
      mode: "text",
      query: "ACME-4411",
      store_id: fx.store,
      reason: "pii",
      legal_hold_override_reason: "court order 7 permits removing the account number",
    });
    expect(text.status, JSON.stringify(text.body)).toBe(200);
    const event = (await auditEvents("redaction.text")).find((e) => e.target.id === text.body.id);
    expect(event?.data.legal_hold_override).toEqual({ reason: "court order 7 permits removing the account number", hold_ids: [hold.id] });
    const whole = await call("POST", sdkRoute, { reason: "pii", legal_hold_override_reason: "court order 7" });
    expect(whole.status).toBe(200);
    const redacted = (await auditEvents("version.redacted")).find((e) => e.target.id === fx.firstVersionId);
    expect(redacted?.data.legal_hold_override).toEqual({ reason: "court order 7", hold_ids: [hold.id] });
  });

  it("holds of another workspace are not found", async () => {
    const fx = await storeWithHistory("hold tenancy");
    const hold = await placeHold(compliance.ctx, { storeId: fx.store, reason: "tenancy" });
    const other = await createTestTenant("hold-other");
    expect((await call("GET", `/holds/${hold.id}`, undefined, other.adminKey)).status).toBe(404);
    expect((await call("POST", `/holds/${hold.id}/lift`, { reason: "x" }, other.adminKey)).status).toBe(404);
    expect((await call("GET", "/holds?limit=100", undefined, other.adminKey)).body.data).toEqual([]);
  });
});
