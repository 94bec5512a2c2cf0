// GET /sessions/{id}/timeline: a session's reads and writes in order, with diffs, cursor pages,
// redaction respected, per-agent access, and speed on thousands of events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { getDb } from "@/server/db/client";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { createSessionRow, memoryTool } from "./memory-tool-helpers";

let api: RunningApi;
let tenant: TestTenant;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("timeline");
});
afterAll(() => api.close());

type TimelineEvent = {
  id: string;
  kind: string;
  path: string | null;
  previous_path: string | null;
  memory_id: string;
  memory_store_id: string;
  memory_version_id: string;
  previous_version_id: string | null;
  content_size_bytes: number | null;
  previous_content_size_bytes: number | null;
  redacted: boolean;
  diff: string | null;
  created_at: string;
};
type Page = { data: TimelineEvent[]; next_page: string | null };

async function timeline(key: string, sessionId: string, query = "") {
  const response = await fetch(`${api.origin}/api/v1/sessions/${sessionId}/timeline${query}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, body: (await response.json()) as Page & { error?: { type: string } } };
}

async function allPages(key: string, sessionId: string, limit: number): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let page: string | null = null;
  do {
    const { status, body } = await timeline(key, sessionId, `?limit=${limit}${page ? `&page=${page}` : ""}`);
    expect(status).toBe(200);
    events.push(...body.data);
    page = body.next_page;
  } while (page);
  return events;
}

describe("session timeline", () => {
  it("lists reads, creates, edits with diffs, renames and deletes in order, and pages through them", async () => {
    const store = await api.sdk(tenant.adminKey).beta.memoryStores.create({ name: "timeline" });
    await tenant.grant(store.id, tenant.agent.id, "read_write");
    const session = await createSessionRow(tenant.workspace.id, tenant.agent.id);
    const run = (input: object) => memoryTool(api.origin, tenant.agentKey, store.id, input, session.id);
    await run({ command: "view", path: "/memories" });
    await run({ command: "create", path: "/memories/plan.md", file_text: "one\ntwo\nthree\n" });
    await run({ command: "view", path: "/memories/plan.md" });
    await run({ command: "str_replace", path: "/memories/plan.md", old_str: "two", new_str: "TWO" });
    await run({ command: "rename", old_path: "/memories/plan.md", new_path: "/memories/done/plan.md" });
    await run({ command: "delete", path: "/memories/done/plan.md" });
    // Another session's and an unattributed write stay out of this timeline.
    await memoryTool(api.origin, tenant.adminKey, store.id, { command: "create", path: "/memories/other.md", file_text: "x" });

    const { status, body } = await timeline(tenant.adminKey, session.id);
    expect(status).toBe(200);
    expect(body.next_page).toBeNull();
    const events = body.data;
    expect(events.map((e) => [e.kind, e.path, e.previous_path])).toEqual([
      ["create", "/plan.md", null],
      ["read", "/plan.md", null],
      ["edit", "/plan.md", null],
      ["rename", "/done/plan.md", "/plan.md"],
      ["delete", "/done/plan.md", null],
    ]);
    const [create, read, edit, rename, del] = events;
    expect(create.diff).toBe("--- /dev/null\n+++ b/plan.md\n@@ -0,0 +1,3 @@\n+one\n+two\n+three\n");
    expect(read.memory_version_id).toBe(create.memory_version_id);
    expect(edit.previous_version_id).toBe(create.memory_version_id);
    expect(edit.diff).toBe("--- a/plan.md\n+++ b/plan.md\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n");
    expect([edit.previous_content_size_bytes, edit.content_size_bytes]).toEqual([14, 14]);
    expect(rename.previous_version_id).toBe(edit.memory_version_id);
    expect(rename.diff).toBe("");
    expect(del.diff).toBeNull();
    expect(new Set(events.map((e) => e.memory_id)).size).toBe(1);
    expect(new Set(events.map((e) => e.memory_store_id))).toEqual(new Set([store.id]));
    const times = events.map((e) => e.created_at);
    expect([...times].sort()).toEqual(times);

    for (const limit of [1, 2, 3]) expect(await allPages(tenant.adminKey, session.id, limit)).toEqual(events);
  });

  it("shows no content or diff for redacted versions", async () => {
    const client = api.sdk(tenant.adminKey);
    const store = await client.beta.memoryStores.create({ name: "timeline-redaction" });
    await tenant.grant(store.id, tenant.agent.id, "read_write");
    const session = await createSessionRow(tenant.workspace.id, tenant.agent.id);
    const run = (input: object) => memoryTool(api.origin, tenant.agentKey, store.id, input, session.id);
    await run({ command: "create", path: "/memories/keys.md", file_text: "token=SECRET-123\n" });
    await run({ command: "view", path: "/memories/keys.md" });
    await run({ command: "str_replace", path: "/memories/keys.md", old_str: "SECRET-123", new_str: "[removed]" });
    const before = (await timeline(tenant.adminKey, session.id)).body.data;
    await client.beta.memoryStores.memoryVersions.redact(before[0].memory_version_id, { memory_store_id: store.id });

    const after = (await timeline(tenant.adminKey, session.id)).body.data;
    expect(JSON.stringify(after)).not.toContain("SECRET-123");
    expect(after.map((e) => [e.kind, e.redacted, e.path, e.diff, e.content_size_bytes])).toEqual([
      ["create", true, null, null, null],
      ["read", true, null, null, null],
      ["edit", false, "/keys.md", null, 16],
    ]);
  });

  it("is readable by workspace users and admin keys, and by an agent key only for its own agent's sessions", async () => {
    const session = await createSessionRow(tenant.workspace.id, tenant.agent.id);
    expect((await timeline(tenant.adminKey, session.id)).status).toBe(200);
    expect((await timeline(tenant.agentKey, session.id)).status).toBe(200);
    const other = await tenant.newAgent();
    const foreign = await timeline(other.key, session.id);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error?.type).toBe("not_found_error");
    const otherTenant = await createTestTenant("timeline-other");
    expect((await timeline(otherTenant.adminKey, session.id)).status).toBe(404);
    expect((await timeline(tenant.adminKey, "sesn_missing")).status).toBe(404);
    expect((await timeline(tenant.adminKey, session.id, "?page=garbage")).status).toBe(400);
  });

  it("pages quickly through a session with thousands of events", async () => {
    const store = await api.sdk(tenant.adminKey).beta.memoryStores.create({ name: "timeline-bulk" });
    const session = await createSessionRow(tenant.workspace.id, tenant.agent.id);
    const { db } = await getDb();
    // Bulk rows straight into the tables: 20 memories x 100 versions each, and a read before each write.
    const versions: {
      id: string;
      workspaceId: string;
      storeId: string;
      memoryId: string;
      operation: string;
      cause: string;
      content: string;
      contentSha256: string;
      sizeBytes: number;
      path: string;
      actorType: string;
      sessionId: string;
      agentId: string;
      createdAt: Date;
    }[] = [];
    const reads: {
      id: string;
      workspaceId: string;
      storeId: string;
      memoryId: string;
      versionId: string;
      path: string;
      actorType: string;
      sessionId: string;
      createdAt: Date;
    }[] = [];
    const memories = Array.from({ length: 20 }, () => newId("memory"));
    let at = Date.now() - 3_600_000;
    for (let n = 0; n < 100; n++) {
      for (const [m, memoryId] of memories.entries()) {
        const content = Array.from({ length: 30 }, (_, line) => (line === n % 30 ? `line ${line} v${n}` : `line ${line}`)).join("\n");
        const previous = versions.at(-memories.length);
        if (previous)
          reads.push({
            id: newId("read", at++),
            workspaceId: tenant.workspace.id,
            storeId: store.id,
            memoryId,
            versionId: previous.id,
            path: `/m${m}.md`,
            actorType: "session",
            sessionId: session.id,
            createdAt: new Date(at),
          });
        versions.push({
          id: newId("version", at++),
          workspaceId: tenant.workspace.id,
          storeId: store.id,
          memoryId,
          operation: n === 0 ? "created" : "modified",
          cause: "memory_tool",
          content,
          contentSha256: "0".repeat(64),
          sizeBytes: content.length,
          path: `/m${m}.md`,
          actorType: "session",
          sessionId: session.id,
          agentId: tenant.agent.id,
          createdAt: new Date(at),
        });
      }
    }
    await db.memoryVersion.createMany({ data: versions });
    await db.memoryRead.createMany({ data: reads });
    const total = versions.length + reads.length;

    const started = performance.now();
    const firstPage = await timeline(tenant.adminKey, session.id, "?limit=100");
    const firstMs = performance.now() - started;
    const walkStart = performance.now();
    const events = await allPages(tenant.adminKey, session.id, 200);
    const walkMs = performance.now() - walkStart;
    const pages = Math.ceil(total / 200);
    console.log(
      `[timeline] ${total} events: first page of 100 in ${firstMs.toFixed(1)} ms; all ${pages} pages of 200 in ${walkMs.toFixed(0)} ms (${(walkMs / pages).toFixed(1)} ms/page)`,
    );
    expect(firstPage.body.data).toHaveLength(100);
    expect(events).toHaveLength(total);
    expect(events.map((e) => e.id)).toEqual(
      [...versions, ...reads].map((r) => r.id).sort((a, b) => (a.slice(a.lastIndexOf("_")) < b.slice(b.lastIndexOf("_")) ? -1 : 1)),
    );
    const edits = events.filter((e) => e.kind === "edit");
    expect(edits).toHaveLength(1980);
    expect(edits.every((e) => e.previous_version_id !== null && e.diff!.includes("+line"))).toBe(true);
    expect(walkMs / pages).toBeLessThan(1000);
  });
});
