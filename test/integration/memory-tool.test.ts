// The memory-tool endpoint: SDK-identical texts for every command and error, versions and reads
// attributed to the session, authorization, and concurrent edits that never lose a write.
import { betaMemoryTool } from "@anthropic-ai/sdk/helpers/beta/memory";
import type { BetaMemoryTool20250818Command } from "@anthropic-ai/sdk/resources/beta";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandScript, type ScriptCommand } from "@/lib/memory-tool/command-script";
import { executeMemoryTool } from "@/lib/memory-tool/execute";
import { InMemoryFs } from "@/lib/memory-tool/in-memory-fs";
import { getDb } from "@/server/db/client";
import { engramMemoryHandlers } from "@/examples/engram-memory-handlers";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { callMemoryTool, createSessionRow, memoryTool } from "./memory-tool-helpers";

let api: RunningApi;
let tenant: TestTenant;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("memory-tool");
});
afterAll(() => api.close());

let stores = 0;
async function newStore(name = "tool") {
  return api.sdk(tenant.adminKey).beta.memoryStores.create({ name: `${name} ${++stores}` });
}

async function liveFiles(storeId: string): Promise<Record<string, string>> {
  const { db } = await getDb();
  const rows = await db.memory.findMany({ where: { storeId, livePath: { not: null } }, orderBy: { path: "asc" } });
  return Object.fromEntries(rows.map((row) => [row.path, row.content]));
}

describe("memory tool endpoint", () => {
  it("answers every command and error exactly as the executor does over an in-memory fs", async () => {
    const store = await newStore();
    const reference = new InMemoryFs();
    const mismatches: string[] = [];
    for (const input of commandScript) {
      const expected = await executeMemoryTool(input, reference);
      const { status, body } = await callMemoryTool(api.origin, tenant.adminKey, store.id, input);
      const same = status === 200 && body.type === "memory_tool_result" && body.content === expected.content && body.is_error === expected.isError;
      if (!same) mismatches.push(`${JSON.stringify(input)}\n  expected: ${JSON.stringify(expected)}\n  got (${status}): ${JSON.stringify(body)}`);
      expect(await liveFiles(store.id)).toEqual(reference.snapshot());
    }
    expect(mismatches.join("\n")).toBe("");
  });

  it("returns the documented texts", async () => {
    const store = await newStore();
    const run = (input: ScriptCommand) => memoryTool(api.origin, tenant.adminKey, store.id, input);
    expect(await run({ command: "create", path: "/memories/a.md", file_text: "one\ntwo\none" })).toEqual({
      type: "memory_tool_result",
      content: "File created successfully at: /memories/a.md",
      is_error: false,
    });
    expect((await run({ command: "create", path: "/memories/a.md", file_text: "" })).content).toBe("Error: File /memories/a.md already exists");
    expect((await run({ command: "view", path: "/memories/a.md" })).content).toBe(
      "Here's the content of /memories/a.md with line numbers:\n     1\tone\n     2\ttwo\n     3\tone",
    );
    expect((await run({ command: "view", path: "/memories" })).content).toBe(
      "Here're the files and directories up to 2 levels deep in /memories, excluding hidden items and node_modules:\n4K\t/memories\n11B\t/memories/a.md",
    );
    const multiple = await run({ command: "str_replace", path: "/memories/a.md", old_str: "one", new_str: "1" });
    expect(multiple).toMatchObject({
      is_error: true,
      content: "Error: No replacement was performed. Multiple occurrences of old_str `one` in lines: 1, 3. Please ensure it is unique",
    });
    expect((await run({ command: "insert", path: "/memories/a.md", insert_line: 9, insert_text: "x" })).content).toBe(
      "Error: Invalid `insert_line` parameter: 9. It should be within the range of lines of the file: [0, 3]",
    );
    expect((await run({ command: "view", path: "/memories_backup" })).content).toBe(
      "Error: Path must be /memories or start with /memories/, got: /memories_backup",
    );
    expect((await run({ command: "create", path: "/memories/b.md", file_text: "" })).is_error).toBe(false);
    expect((await run({ command: "rename", old_path: "/memories/a.md", new_path: "/memories/b.md" })).content).toBe(
      "Error: The destination /memories/b.md already exists",
    );
  });

  it("writes one version per change, caused by the memory tool and attributed to the session; views are recorded reads", async () => {
    const store = await newStore();
    await tenant.grant(store.id, tenant.agent.id, "read_write");
    const session = await createSessionRow(tenant.workspace.id, tenant.agent.id);
    const run = (input: ScriptCommand) => memoryTool(api.origin, tenant.agentKey, store.id, input, session.id);
    await run({ command: "create", path: "/memories/dir/a.md", file_text: "a" });
    await run({ command: "create", path: "/memories/dir/b.md", file_text: "b" });
    await run({ command: "view", path: "/memories/dir/a.md" });
    await run({ command: "view", path: "/memories/dir" });
    await run({ command: "str_replace", path: "/memories/dir/a.md", old_str: "a", new_str: "A" });
    await run({ command: "rename", old_path: "/memories/dir", new_path: "/memories/moved" });
    await run({ command: "delete", path: "/memories/moved" });
    const { db } = await getDb();
    const versions = await db.memoryVersion.findMany({ where: { storeId: store.id }, orderBy: { id: "asc" } });
    expect(versions.map((v) => [v.operation, v.path, v.previousPath])).toEqual([
      ["created", "/dir/a.md", null],
      ["created", "/dir/b.md", null],
      ["modified", "/dir/a.md", null],
      ["modified", "/moved/a.md", "/dir/a.md"],
      ["modified", "/moved/b.md", "/dir/b.md"],
      ["deleted", "/moved/a.md", null],
      ["deleted", "/moved/b.md", null],
    ]);
    expect(new Set(versions.map((v) => `${v.cause}|${v.sessionId}|${v.actorType}`))).toEqual(new Set([`memory_tool|${session.id}|session`]));
    const reads = await db.memoryRead.findMany({ where: { storeId: store.id } });
    expect(reads.map((r) => [r.path, r.sessionId, r.versionId])).toEqual([["/dir/a.md", session.id, versions[0].id]]);
    const audit = await db.auditEvent.findMany({ where: { workspaceId: tenant.workspace.id, storeId: store.id }, orderBy: { seq: "asc" } });
    expect(audit.filter((e) => e.action.startsWith("memory.")).length).toBe(7);
  });

  it("rolls back a whole command when one of its changes is refused", async () => {
    const store = await newStore();
    const run = (input: ScriptCommand) => memoryTool(api.origin, tenant.adminKey, store.id, input);
    await run({ command: "create", path: "/memories/big.md", file_text: "x" });
    const tooBig = await run({ command: "create", path: "/memories/huge.md", file_text: "y".repeat(200_000) });
    expect(tooBig.is_error).toBe(true);
    expect(tooBig.content).toMatch(/^Error: content is 200000 bytes; the limit is \d+ bytes$/);
    expect(await liveFiles(store.id)).toEqual({ "/big.md": "x" });
  });

  it("authorizes per command: reads need memory:read, changes memory:write and a writable store", async () => {
    const store = await newStore();
    await memoryTool(api.origin, tenant.adminKey, store.id, { command: "create", path: "/memories/a.md", file_text: "a" });
    const reader = await tenant.newAgent();
    await tenant.grant(store.id, reader.agent.id, "read_only");
    expect((await memoryTool(api.origin, reader.key, store.id, { command: "view", path: "/memories/a.md" })).is_error).toBe(false);
    const write = await callMemoryTool(api.origin, reader.key, store.id, { command: "create", path: "/memories/b.md", file_text: "b" });
    expect(write.status).toBe(403);
    expect(write.body.error?.type).toBe("permission_error");

    const stranger = await tenant.newAgent();
    const hidden = await callMemoryTool(api.origin, stranger.key, store.id, { command: "view", path: "/memories" });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error?.type).toBe("not_found_error");
    expect((await callMemoryTool(api.origin, tenant.adminKey, "memstore_nope", { command: "view", path: "/memories" })).status).toBe(404);
    const other = await createTestTenant("memory-tool-other");
    expect((await callMemoryTool(api.origin, other.adminKey, store.id, { command: "view", path: "/memories" })).status).toBe(404);
    const unauthenticated = await fetch(`${api.origin}/api/v1/memory_stores/${store.id}/memory_tool`, { method: "POST", body: "{}" });
    expect(unauthenticated.status).toBe(401);

    await api.sdk(tenant.adminKey).beta.memoryStores.archive(store.id);
    const archived = await callMemoryTool(api.origin, tenant.adminKey, store.id, { command: "create", path: "/memories/c.md", file_text: "c" });
    expect(archived.status).toBe(409);
    expect(archived.body.error?.type).toBe("conflict_error");
    expect((await memoryTool(api.origin, tenant.adminKey, store.id, { command: "view", path: "/memories/a.md" })).is_error).toBe(false);
  });

  it("refuses a body that is not a JSON object with the error envelope", async () => {
    const store = await newStore();
    const response = await fetch(`${api.origin}/api/v1/memory_stores/${store.id}/memory_tool`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tenant.adminKey}` },
      body: "[1,2]",
    });
    expect(response.status).toBe(400);
    expect((await response.json()).type).toBe("error");
  });

  it("keeps every one of 1,000 concurrent str_replace edits (20 sessions x 50 edits on disjoint lines)", async () => {
    const store = await newStore("concurrent");
    await tenant.grant(store.id, null, "read_write");
    const sessions = await Promise.all(Array.from({ length: 20 }, (_, s) => createSessionRow(tenant.workspace.id, tenant.agent.id, `writer ${s}`)));
    const lines = sessions.flatMap((_, s) => Array.from({ length: 50 }, (_, k) => `line ${s}-${k}: todo`));
    await memoryTool(api.origin, tenant.adminKey, store.id, { command: "create", path: "/memories/shared.md", file_text: lines.join("\n") });
    const started = performance.now();
    await Promise.all(
      sessions.map(async (session, s) => {
        for (let k = 0; k < 50; k++) {
          const result = await memoryTool(
            api.origin,
            tenant.agentKey,
            store.id,
            { command: "str_replace", path: "/memories/shared.md", old_str: `line ${s}-${k}: todo`, new_str: `line ${s}-${k}: done by ${session.id}` },
            session.id,
          );
          expect(result.is_error, result.content).toBe(false);
        }
      }),
    );
    const elapsed = performance.now() - started;
    console.log(`[memory-tool] 1,000 concurrent str_replace edits in ${elapsed.toFixed(0)} ms (${((1000 / elapsed) * 1000).toFixed(0)}/s)`);
    const final = (await liveFiles(store.id))["/shared.md"].split("\n");
    expect(final).toEqual(sessions.flatMap((session, s) => Array.from({ length: 50 }, (_, k) => `line ${s}-${k}: done by ${session.id}`)));
    const { db } = await getDb();
    for (const session of sessions) {
      expect(await db.memoryVersion.count({ where: { storeId: store.id, sessionId: session.id } })).toBe(50);
    }
  });
});

describe("the SDK's memory tool helper backed by the endpoint", () => {
  it("runs betaMemoryTool handlers against Engram with the texts the SDK runner would send back", async () => {
    const store = await newStore("sdk-helper");
    await tenant.grant(store.id, tenant.agent.id, "read_write");
    const session = await createSessionRow(tenant.workspace.id, tenant.agent.id);
    const tool = betaMemoryTool(engramMemoryHandlers({ engramUrl: api.origin, apiKey: tenant.agentKey, storeId: store.id, sessionId: session.id }));
    expect(tool).toMatchObject({ type: "memory_20250818", name: "memory" });
    const reference = new InMemoryFs();
    const commands: BetaMemoryTool20250818Command[] = [
      { command: "view", path: "/memories" },
      { command: "create", path: "/memories/prefs.md", file_text: "# Preferences\n- tabs\n" },
      { command: "str_replace", path: "/memories/prefs.md", old_str: "- tabs", new_str: "- spaces" },
      { command: "insert", path: "/memories/prefs.md", insert_line: 1, insert_text: "- dark mode" },
      { command: "view", path: "/memories/prefs.md", view_range: [1, -1] },
      { command: "str_replace", path: "/memories/prefs.md", old_str: "- light", new_str: "x" },
      { command: "rename", old_path: "/memories/prefs.md", new_path: "/memories/user/prefs.md" },
      { command: "view", path: "/memories" },
      { command: "delete", path: "/memories/user" },
      { command: "delete", path: "/memories/user" },
    ];
    for (const command of commands) {
      const expected = await executeMemoryTool(command, reference);
      // What the SDK's tool runner does with a tool: run it, and turn a throw into "Error: …".
      const actual = await Promise.resolve(tool.run(command)).then(
        (content) => ({ content, isError: false }),
        (error: Error) => ({ content: `Error: ${error.message}`, isError: true }),
      );
      expect(actual).toEqual(expected);
    }
    const { db } = await getDb();
    expect(await db.memoryVersion.count({ where: { storeId: store.id, sessionId: session.id, cause: "memory_tool" } })).toBe(5);
  });
});
