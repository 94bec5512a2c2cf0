// Path-scoped grants (issue 18 item 2): a grant naming path patterns reaches only those paths,
// each with its own access, the most specific pattern winning. A scoped key cannot list, read,
// search, watch or write outside its patterns, through REST, the memory tool or MCP.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest as restCall } from "./helpers/rest";
import { createSessionRow, memoryTool } from "./memory-tool-helpers";

let api: RunningApi;
let tenant: TestTenant;
let storeId: string;
let scoped: { key: string; agentId: string };
const ids: Record<string, string> = {};
const clients: Client[] = [];

const rest = (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) =>
  restCall(api.origin, key, method, path, body, headers);

const files: Record<string, string> = {
  "/journal/2026-12-01.md": "journal entry zeppelin\n",
  "/journal/locked.md": "locked zeppelin\n",
  "/preferences.json": '{"theme":"zeppelin"}\n',
  "/secrets/plan.md": "outside zeppelin\n",
  "/drafts/idea.md": "draft zeppelin\n",
};

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("path-grants");
  storeId = (await rest("POST", "/memory_stores", tenant.adminKey, { name: "scoped" })).body.id;
  for (const [path, content] of Object.entries(files))
    ids[path] = (await rest("POST", `/memory_stores/${storeId}/memories`, tenant.adminKey, { path, content })).body.id;
  const agent = await tenant.newAgent();
  scoped = { key: agent.key, agentId: agent.agent.id };
  const set = await rest("POST", `/memory_stores/${storeId}/grants`, tenant.adminKey, {
    agent_id: agent.agent.id,
    access: "read_only",
    paths: [
      { pattern: "/journal/**", access: "read_write" },
      { pattern: "/journal/locked.md", access: "read_only" },
      { pattern: "/preferences.json", access: "read_only" },
      { pattern: "/drafts/*.md", access: "propose" },
    ],
  });
  expect(set.status).toBe(200);
  expect(set.body.paths).toHaveLength(4);
});
afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await api.close();
});

const visible = ["/drafts/idea.md", "/journal/2026-12-01.md", "/journal/locked.md", "/preferences.json"];

describe("a path-scoped key", () => {
  it("lists and searches only the paths its patterns reach", async () => {
    const listed = await rest("GET", `/memory_stores/${storeId}/memories?limit=100`, scoped.key);
    expect(listed.body.data.map((m: any) => m.path)).toEqual(visible);
    const rolled = await rest("GET", `/memory_stores/${storeId}/memories?depth=1`, scoped.key);
    expect(rolled.body.data.map((m: any) => m.path).sort()).toEqual(["/drafts/", "/journal/", "/preferences.json"]);
    const found = await rest("GET", `/search?q=zeppelin&limit=50`, scoped.key);
    expect(found.body.data.map((h: any) => h.path).sort()).toEqual(visible);
    expect(found.text).not.toContain("outside");
  });

  it("cannot read, version-list or diff a memory outside its patterns", async () => {
    const outside = ids["/secrets/plan.md"];
    expect((await rest("GET", `/memory_stores/${storeId}/memories/${outside}`, scoped.key)).status).toBe(404);
    expect((await rest("GET", `/memory_stores/${storeId}/memories/${ids["/preferences.json"]}`, scoped.key)).status).toBe(200);
    const versions = await rest("GET", `/memory_stores/${storeId}/memory_versions?limit=100`, scoped.key);
    expect(versions.status).toBe(200);
    expect(versions.body.data.map((v: any) => v.path).sort()).toEqual(visible);
    const { db } = await getDb();
    const hidden = await db.memoryVersion.findFirstOrThrow({ where: { memoryId: outside } });
    expect((await rest("GET", `/memory_stores/${storeId}/memory_versions/${hidden.id}`, scoped.key)).status).toBe(404);
    expect((await rest("GET", `/memory_stores/${storeId}/memories/${outside}/diff`, scoped.key)).status).toBe(404);
    expect((await rest("GET", `/memory_stores/${storeId}/memories/${outside}/blame`, scoped.key)).status).toBe(404);
    // The admin key still sees everything.
    expect((await rest("GET", `/memory_stores/${storeId}/memories/${outside}`, tenant.adminKey)).status).toBe(200);
  });

  it("writes where read_write, proposes where propose, and is refused elsewhere", async () => {
    const journal = await rest("POST", `/memory_stores/${storeId}/memories/${ids["/journal/2026-12-01.md"]}`, scoped.key, { content: "edited\n" });
    expect(journal.status).toBe(200);
    const created = await rest("POST", `/memory_stores/${storeId}/memories`, scoped.key, { path: "/journal/new.md", content: "new\n" });
    expect(created.status).toBe(200);
    expect((await rest("POST", `/memory_stores/${storeId}/memories/${ids["/journal/locked.md"]}`, scoped.key, { content: "x" })).status).toBe(403);
    expect((await rest("POST", `/memory_stores/${storeId}/memories/${ids["/preferences.json"]}`, scoped.key, { content: "x" })).status).toBe(403);
    expect((await rest("POST", `/memory_stores/${storeId}/memories`, scoped.key, { path: "/secrets/new.md", content: "x" })).status).toBe(403);
    expect((await rest("POST", `/memory_stores/${storeId}/memories/${ids["/secrets/plan.md"]}`, scoped.key, { content: "x" })).status).toBe(404);
    expect((await rest("DELETE", `/memory_stores/${storeId}/memories/${ids["/secrets/plan.md"]}`, scoped.key)).status).toBe(404);
    // Moving a file out of its patterns is writing outside them.
    expect((await rest("POST", `/memory_stores/${storeId}/memories/${ids["/journal/2026-12-01.md"]}`, scoped.key, { path: "/secrets/moved.md" })).status).toBe(
      403,
    );
    const proposed = await rest("POST", `/memory_stores/${storeId}/memories/${ids["/drafts/idea.md"]}`, scoped.key, { content: "better idea\n" });
    expect(proposed.status).toBe(202);
    const { db } = await getDb();
    expect((await db.memory.findUniqueOrThrow({ where: { id: ids["/secrets/plan.md"] } })).content).toBe("outside zeppelin\n");
    expect((await db.memory.findUniqueOrThrow({ where: { id: ids["/drafts/idea.md"] } })).content).toBe("draft zeppelin\n");
  });

  it("the memory tool and MCP see and change only what the patterns allow", async () => {
    const root = await memoryTool(api.origin, scoped.key, storeId, { command: "view", path: "/memories" });
    expect(root.content).toContain("journal");
    expect(root.content).not.toContain("secrets");
    const hidden = await memoryTool(api.origin, scoped.key, storeId, { command: "view", path: "/memories/secrets/plan.md" });
    expect(hidden.is_error).toBe(true);
    expect(hidden.content).not.toContain("outside");
    const refused = await memoryTool(api.origin, scoped.key, storeId, { command: "create", path: "/memories/secrets/x.md", file_text: "x" });
    expect(refused.is_error).toBe(true);
    const allowed = await memoryTool(api.origin, scoped.key, storeId, { command: "create", path: "/memories/journal/tool.md", file_text: "ok\n" });
    expect(allowed.is_error).toBe(false);

    const client = new Client({ name: "engram-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${api.origin}/api/v1/mcp`), { requestInit: { headers: { authorization: `Bearer ${scoped.key}` } } }),
    );
    clients.push(client);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.name)).not.toContain("/secrets/plan.md");
    expect(resources.map((r) => r.name)).toContain("/preferences.json");
    await expect(client.readResource({ uri: `engram://memory_stores/${storeId}/memories/secrets/plan.md` })).rejects.toThrow();
    const search = await client.callTool({ name: "memory_search", arguments: { query: "outside" } });
    expect((search.content as { text: string }[])[0].text).toBe("No matches.");
  });

  it("the session timeline, its net changes and the event stream leave out paths outside the patterns", async () => {
    const session = await createSessionRow(tenant.workspace.id, scoped.agentId, "scoped run");
    await memoryTool(api.origin, scoped.key, storeId, { command: "create", path: "/memories/journal/in-session.md", file_text: "in\n" }, session.id);
    // A grant change later narrows the key: what it wrote at /journal/in-session.md is then outside.
    const timelineBefore = await rest("GET", `/sessions/${session.id}/timeline`, scoped.key);
    expect(timelineBefore.body.data.map((e: any) => e.path)).toContain("/journal/in-session.md");
    const changesBefore = await rest("GET", `/sessions/${session.id}/changes`, scoped.key);
    expect(changesBefore.body.data.map((c: any) => c.path)).toContain("/journal/in-session.md");
    await rest("POST", `/memory_stores/${storeId}/grants`, tenant.adminKey, {
      agent_id: scoped.agentId,
      access: "read_only",
      paths: [{ pattern: "/preferences.json", access: "read_only" }],
    });
    const timelineAfter = await rest("GET", `/sessions/${session.id}/timeline`, scoped.key);
    expect(timelineAfter.status).toBe(200);
    expect(timelineAfter.text).not.toContain("/journal/in-session.md");
    // The session's net changes ("what it learned") leave the path out too.
    const changesAfter = await rest("GET", `/sessions/${session.id}/changes`, scoped.key);
    expect(changesAfter.status).toBe(200);
    expect(changesAfter.text).not.toContain("/journal/in-session.md");

    // Live events: a write at /secrets while the stream is open does not reach the scoped key; one at /preferences.json does.
    const controller = new AbortController();
    const stream = await fetch(`${api.origin}/api/v1/events?store_id=${storeId}`, {
      headers: { authorization: `Bearer ${scoped.key}` },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const received: string[] = [];
    const done = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done: end } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (end) return;
        received.push(decoder.decode(value));
        if (received.join("").includes("/preferences.json")) return;
      }
    })();
    await rest("POST", `/memory_stores/${storeId}/memories/${ids["/secrets/plan.md"]}`, tenant.adminKey, { content: "outside again\n" });
    await rest("POST", `/memory_stores/${storeId}/memories/${ids["/preferences.json"]}`, tenant.adminKey, { content: "{}\n" });
    await done;
    controller.abort();
    const text = received.join("");
    expect(text).toContain("/preferences.json");
    expect(text).not.toContain("/secrets/plan.md");
  });

  it("the grants matrix marks the scoped cell", async () => {
    const matrix = await rest("GET", "/grants", tenant.adminKey);
    const cell = matrix.body.effective.find((c: any) => c.agent_id === scoped.agentId && c.memory_store_id === storeId);
    expect(cell).toMatchObject({ scoped: true, access: "read_only" });
    const grant = matrix.body.grants.find((g: any) => g.agent_id === scoped.agentId);
    expect(grant.paths).toEqual([{ pattern: "/preferences.json", access: "read_only" }]);
    const bad = await rest("POST", `/memory_stores/${storeId}/grants`, tenant.adminKey, {
      agent_id: scoped.agentId,
      access: "read_only",
      paths: [{ pattern: "journal/**", access: "read_only" }],
    });
    expect(bad.status).toBe(400);
  });
});
