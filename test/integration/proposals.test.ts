// Propose access (issue 18 item 1): every write surface of a key with `propose` access records a
// proposal and leaves memory unchanged; review approves (through the one write path, attributed to
// the proposer, approver in the audit log), edits, merges, refuses a moved head with the diff, or
// rejects with a reason. Redaction reaches proposal content.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { mountStore, type MountReport } from "@/mount-client/mount-store";
import { getDb } from "@/server/db/client";
import { approveProposal } from "@/server/proposals/approve-proposal";
import { rejectProposal } from "@/server/proposals/reject-proposal";
import { eventsOfAudit } from "@/server/webhooks/events-of-audit";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest as restCall } from "./helpers/rest";
import { createSessionRow, memoryTool } from "./memory-tool-helpers";

let api: RunningApi;
let tenant: TestTenant;
let storeId: string;
let sessionId: string;
let propose: { key: string; keyId: string; agentId: string };
const clients: Client[] = [];

const rest = (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) =>
  restCall(api.origin, key, method, path, body, headers);

const asProposer = { "x-engram-session-id": "" };
const createMemory = async (path: string, content: string) =>
  (await rest("POST", `/memory_stores/${storeId}/memories`, tenant.adminKey, { path, content })).body;
const contentOf = async (memoryId: string) => (await getDb()).db.memory.findUniqueOrThrow({ where: { id: memoryId } });

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("proposals");
  storeId = (await rest("POST", "/memory_stores", tenant.adminKey, { name: "proposals" })).body.id;
  const other = await tenant.newAgent();
  propose = { key: other.key, keyId: other.keyId, agentId: other.agent.id };
  await tenant.grant(storeId, other.agent.id, "propose");
  sessionId = (await createSessionRow(tenant.workspace.id, other.agent.id, "proposing run")).id;
  asProposer["x-engram-session-id"] = sessionId;
});
afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await api.close();
});

describe("writes by a key with propose access", () => {
  it("REST create, update and delete answer 202 with a proposal and leave memory unchanged", async () => {
    const existing = await createMemory("/notes/a.md", "one\ntwo\n");
    const { db } = await getDb();
    const versionsBefore = await db.memoryVersion.count({ where: { storeId } });

    const created = await rest("POST", `/memory_stores/${storeId}/memories`, propose.key, { path: "/notes/new.md", content: "fresh\n" }, asProposer);
    expect(created.status).toBe(202);
    expect(Object.keys(created.body).sort()).toEqual(
      ["type", "id", "status", "memory_store_id", "memory_id", "operation", "path", "base_version_id", "created_by", "created_at"].sort(),
    );
    expect(created.body).toMatchObject({
      type: "memory_proposal",
      status: "pending",
      memory_store_id: storeId,
      memory_id: null,
      operation: "created",
      path: "/notes/new.md",
      base_version_id: null,
      created_by: { type: "session_actor", session_id: sessionId },
    });
    expect(created.body.id).toMatch(/^prop_/);

    const updated = await rest("POST", `/memory_stores/${storeId}/memories/${existing.id}`, propose.key, { content: "one\n2\n" }, asProposer);
    expect(updated.status).toBe(202);
    expect(updated.body).toMatchObject({ operation: "modified", memory_id: existing.id, base_version_id: existing.memory_version_id ?? expect.any(String) });

    const deleted = await rest("DELETE", `/memory_stores/${storeId}/memories/${existing.id}`, propose.key, undefined, asProposer);
    expect(deleted.status).toBe(202);
    expect(deleted.body).toMatchObject({ operation: "deleted", memory_id: existing.id });

    expect(await db.memoryVersion.count({ where: { storeId } })).toBe(versionsBefore);
    expect(await contentOf(existing.id)).toMatchObject({ content: "one\ntwo\n", deletedAt: null });
    expect(await db.memory.count({ where: { storeId, path: "/notes/new.md" } })).toBe(0);
    const rows = await db.proposal.findMany({ where: { storeId }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.operation, r.content, r.status])).toEqual([
      ["created", "fresh\n", "pending"],
      ["modified", "one\n2\n", "pending"],
      ["deleted", null, "pending"],
    ]);
    const audit = await db.auditEvent.findMany({ where: { workspaceId: tenant.workspace.id, action: "proposal.created" } });
    expect(audit).toHaveLength(3);
    for (const event of audit) expect(event.data).not.toContain("fresh");
  });

  it("a memory-tool edit and an MCP edit (official client) record proposals and say the change awaits review", async () => {
    const memory = await createMemory("/tool.md", "alpha\nbeta\n");
    const result = await memoryTool(
      api.origin,
      propose.key,
      storeId,
      { command: "str_replace", path: "/memories/tool.md", old_str: "beta", new_str: "gamma" },
      sessionId,
    );
    expect(result.is_error).toBe(false);
    expect(result.content).toMatch(/NOT applied: it awaits review/);
    expect((await contentOf(memory.id)).content).toBe("alpha\nbeta\n");

    const client = new Client({ name: "engram-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${api.origin}/api/v1/mcp`), { requestInit: { headers: { authorization: `Bearer ${propose.key}` } } }),
    );
    clients.push(client);
    const edit = await client.callTool({
      name: "memory_insert",
      arguments: { memory_store_id: storeId, path: "/memories/tool.md", insert_line: 0, insert_text: "top" },
    });
    expect(edit.isError).toBeFalsy();
    expect((edit.content as { text: string }[])[0].text).toMatch(/awaits review/);
    expect((await contentOf(memory.id)).content).toBe("alpha\nbeta\n");

    const { db } = await getDb();
    const rows = await db.proposal.findMany({ where: { memoryId: memory.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.cause, r.content])).toEqual([
      ["memory_tool", "alpha\ngamma\n"],
      ["memory_tool", "top\nalpha\nbeta\n"],
    ]);
  });

  it("the mount client's push of a local edit records a proposal and holds the file until it changes", async () => {
    const memory = await createMemory("/mounted.md", "on server\n");
    const dir = mkdtempSync(path.join(os.tmpdir(), "engram-propose-mount-"));
    const reports: MountReport[] = [];
    const handle = await mountStore({ baseURL: api.baseURL, apiKey: propose.key, storeId, dir, intervalMs: 0, onReport: (r) => reports.push(r) });
    try {
      await writeFile(path.join(dir, "mounted.md"), "edited locally\n");
      await handle.sync();
      await handle.sync();
    } finally {
      await handle.stop();
    }
    expect(reports.filter((r) => r.type === "proposed").map((r) => (r as { path: string }).path)).toEqual(["mounted.md"]);
    expect((await contentOf(memory.id)).content).toBe("on server\n");
    const { db } = await getDb();
    const rows = await db.proposal.findMany({ where: { memoryId: memory.id } });
    expect(rows.map((r) => r.content)).toEqual(["edited locally\n"]);
  });

  it("a read-only key still gets 403, and a propose key cannot review", async () => {
    const ro = await tenant.newAgent();
    await tenant.grant(storeId, ro.agent.id, "read_only");
    expect((await rest("POST", `/memory_stores/${storeId}/memories`, ro.key, { path: "/x.md", content: "x" })).status).toBe(403);
    const created = await rest("POST", `/memory_stores/${storeId}/memories`, propose.key, { path: "/self.md", content: "x" });
    expect((await rest("POST", `/proposals/${created.body.id}/approve`, propose.key, {})).status).toBe(403);
    const viewer = await tenant.user("viewer");
    await expect(approveProposal(viewer.ctx, created.body.id, {})).rejects.toMatchObject({ status: 403 });
  });
});

describe("review", () => {
  it("approve commits the exact content attributed to the proposer, with the approver in the audit log", async () => {
    const memory = await createMemory("/approve.md", "v1\n");
    const proposal = (await rest("POST", `/memory_stores/${storeId}/memories/${memory.id}`, propose.key, { content: "v2 by agent\n" }, asProposer)).body;
    const developer = await tenant.user("developer");
    const approved = await approveProposal(developer.ctx, proposal.id, {});
    expect(approved).toMatchObject({ status: "approved", reviewed_by: { type: "user", id: developer.user.id } });

    const { db } = await getDb();
    const version = await db.memoryVersion.findUniqueOrThrow({ where: { id: approved.memory_version_id! } });
    expect(version).toMatchObject({
      content: "v2 by agent\n",
      actorType: "session",
      sessionId,
      apiKeyId: propose.keyId,
      agentId: propose.agentId,
      operation: "modified",
    });
    expect((await contentOf(memory.id)).content).toBe("v2 by agent\n");
    const events = await db.auditEvent.findMany({
      where: { workspaceId: tenant.workspace.id, OR: [{ targetId: memory.id }, { targetId: proposal.id }] },
      orderBy: { createdAt: "asc" },
    });
    const write = events.find((e) => e.action === "memory.modified")!;
    expect(write).toMatchObject({ actorType: "api_key", actorId: propose.keyId });
    expect(JSON.parse(write.data)).toMatchObject({ proposal_id: proposal.id, approved_by: { type: "user", id: developer.user.id } });
    const review = events.find((e) => e.action === "proposal.approved")!;
    expect(review).toMatchObject({ actorType: "user", actorId: developer.user.id });
    expect(JSON.parse(review.data)).toMatchObject({ memory_version_id: version.id, edited: false });
    // Webhooks carry the step too, ids only.
    const hooks = await eventsOfAudit(db, review);
    expect(hooks.map((h) => h.type)).toEqual(["proposal.approved"]);
    expect(hooks[0].envelope.data).toMatchObject({ id: proposal.id, memory_id: memory.id, memory_version_id: version.id });

    const again = await rest("POST", `/proposals/${proposal.id}/approve`, tenant.adminKey, {});
    expect(again.status).toBe(409);
  });

  it("approve with edited content writes the reviewer's content; a proposed create creates the memory", async () => {
    const proposal = (await rest("POST", `/memory_stores/${storeId}/memories`, propose.key, { path: "/edited.md", content: "draft\n" })).body;
    const approved = await rest("POST", `/proposals/${proposal.id}/approve`, tenant.adminKey, { content: "reviewed\n" });
    expect(approved.status).toBe(200);
    const { db } = await getDb();
    const memory = await db.memory.findFirstOrThrow({ where: { storeId, livePath: "/edited.md" } });
    expect(memory.content).toBe("reviewed\n");
    const version = await db.memoryVersion.findUniqueOrThrow({ where: { id: approved.body.memory_version_id } });
    expect(version).toMatchObject({ apiKeyId: propose.keyId, actorType: "api_key", operation: "created" });
  });

  it("a moved head gives 409 with the diff; merge applies a change that does not conflict", async () => {
    const memory = await createMemory("/moved.md", "a\nb\nc\nd\ne\n");
    const proposal = (await rest("POST", `/memory_stores/${storeId}/memories/${memory.id}`, propose.key, { content: "a\nb\nc\nd\nE\n" })).body;
    await rest("POST", `/memory_stores/${storeId}/memories/${memory.id}`, tenant.adminKey, { content: "A\nb\nc\nd\ne\n" });

    const refused = await rest("POST", `/proposals/${proposal.id}/approve`, tenant.adminKey, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.type).toBe("conflict_error");
    expect(refused.body.error.diff).toContain("-A");
    expect(refused.body.error.diff).toContain("+E");
    expect(refused.body.error.head_version_id).not.toBe(proposal.base_version_id);
    expect((await contentOf(memory.id)).content).toBe("A\nb\nc\nd\ne\n");
    const shown = await rest("GET", `/proposals/${proposal.id}`, tenant.adminKey);
    expect(shown.body).toMatchObject({ head_moved: true, status: "pending" });

    const merged = await rest("POST", `/proposals/${proposal.id}/approve`, tenant.adminKey, { merge: true });
    expect(merged.status).toBe(200);
    expect((await contentOf(memory.id)).content).toBe("A\nb\nc\nd\nE\n");
  });

  it("reject records the reason and leaves memory alone", async () => {
    const memory = await createMemory("/reject.md", "keep\n");
    const proposal = (await rest("POST", `/memory_stores/${storeId}/memories/${memory.id}`, propose.key, { content: "injected\n" })).body;
    const developer = await tenant.user("developer");
    const rejected = await rejectProposal(developer.ctx, proposal.id, "looks like a prompt injection");
    expect(rejected).toMatchObject({ status: "rejected", reason: "looks like a prompt injection" });
    expect((await contentOf(memory.id)).content).toBe("keep\n");
    const { db } = await getDb();
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "proposal.rejected", targetId: proposal.id } });
    expect(JSON.parse(event.data)).toMatchObject({ reason: "looks like a prompt injection" });
    expect((await rest("POST", `/proposals/${proposal.id}/reject`, tenant.adminKey, {})).status).toBe(400);
  });

  it("lists with filters and cursor pages; retrieve shows the diff against the head", async () => {
    const all = await rest("GET", `/proposals?store_id=${storeId}&limit=2`, tenant.adminKey);
    expect(all.status).toBe(200);
    expect(all.body.data).toHaveLength(2);
    const next = await rest("GET", `/proposals?store_id=${storeId}&limit=2&page=${all.body.next_page}`, tenant.adminKey);
    expect(next.body.data[0].id < all.body.data[1].id).toBe(true);
    const bySession = await rest("GET", `/proposals?session_id=${sessionId}`, tenant.adminKey);
    expect(bySession.body.data.length).toBeGreaterThan(0);
    for (const p of bySession.body.data) expect(p.session_id).toBe(sessionId);
    const pending = await rest("GET", `/proposals?status=pending&store_id=${storeId}&limit=100`, tenant.adminKey);
    for (const p of pending.body.data) expect(p.status).toBe("pending");
    const count = await rest("GET", `/proposals/pending_count`, tenant.adminKey);
    expect(count.body.pending).toBe(pending.body.data.length);

    const modified = pending.body.data.find((p: any) => p.operation === "modified" && p.path === "/notes/a.md");
    const detail = await rest("GET", `/proposals/${modified.id}`, tenant.adminKey);
    expect(detail.body.diff).toContain("--- a/notes/a.md");
    expect(detail.body.diff).toContain("-two");
    expect(detail.body.diff).toContain("+2");
    // An agent key sees its own agent's proposals only.
    expect((await rest("GET", `/proposals/${modified.id}`, tenant.agentKey)).status).toBe(404);
  });

  it("each step is a live event (ids and path, never content)", async () => {
    const memory = await createMemory("/live.md", "before\n");
    const controller = new AbortController();
    const stream = await fetch(`${api.origin}/api/v1/events?store_id=${storeId}`, {
      headers: { authorization: `Bearer ${tenant.adminKey}` },
      signal: controller.signal,
    });
    const reader = stream.body!.getReader();
    let text = "";
    // The approval's memory.modified is sealed after its transaction commits (PostgreSQL's sealer),
    // so it may take a later seq than proposal.rejected: read until every action has arrived.
    const actions = ["proposal.created", "proposal.approved", "memory.modified", "proposal.rejected"];
    const seen = (async () => {
      const decoder = new TextDecoder();
      while (!actions.every((action) => text.includes(`"action":"${action}"`))) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value);
      }
    })();
    const first = (await rest("POST", `/memory_stores/${storeId}/memories/${memory.id}`, propose.key, { content: "live secret-ish\n" })).body;
    await rest("POST", `/proposals/${first.id}/approve`, tenant.adminKey, {});
    const second = (await rest("POST", `/memory_stores/${storeId}/memories/${memory.id}`, propose.key, { content: "again\n" })).body;
    await rest("POST", `/proposals/${second.id}/reject`, tenant.adminKey, { reason: "no" });
    await seen;
    controller.abort();
    for (const action of actions) expect(text).toContain(`"action":"${action}"`);
    expect(text).toContain(`"proposal_id":"${first.id}"`);
    expect(text).not.toContain("secret-ish");
  });

  it("redaction search and apply reach proposal content", async () => {
    const secret = "sk-live-PROPOSEDSECRET1234";
    const memory = await createMemory("/leak.md", "clean\n");
    const proposal = (await rest("POST", `/memory_stores/${storeId}/memories/${memory.id}`, propose.key, { content: `key ${secret}\n` })).body;
    const found = await rest("POST", "/redaction/search", tenant.adminKey, { query: secret, store_id: storeId });
    expect(found.body.proposals.map((p: any) => p.proposal_id)).toEqual([proposal.id]);
    expect(JSON.stringify(found.body)).not.toContain(secret);
    const redacted = await rest("POST", "/redaction/redact", tenant.adminKey, { mode: "text", query: secret, store_id: storeId, reason: "leaked key" });
    expect(redacted.status).toBe(200);
    const { db } = await getDb();
    const row = await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(row.content).not.toContain(secret);
    expect(row.content).toContain("[REDACTED]");
    expect(JSON.stringify((await rest("GET", `/proposals/${proposal.id}`, tenant.adminKey)).body)).not.toContain(secret);

    // A path can hold the secret too: a proposed create at such a path is renamed by the redaction.
    const pathSecret = "tok-PROPOSEDPATH9876";
    const atPath = (await rest("POST", `/memory_stores/${storeId}/memories`, propose.key, { path: `/keys/${pathSecret}.md`, content: "x\n" })).body;
    await rest("POST", "/redaction/redact", tenant.adminKey, { mode: "text", query: pathSecret, store_id: storeId, reason: "leaked token in a path" });
    const renamed = await db.proposal.findUniqueOrThrow({ where: { id: atPath.id } });
    expect(renamed.path).not.toContain(pathSecret);
    expect(renamed.path).toContain("[REDACTED]");
  });
});
