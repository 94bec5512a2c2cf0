// The MCP endpoint (issue 17 item 2), driven by the official MCP client from @modelcontextprotocol/sdk
// over Streamable HTTP against a running server: tools, attribution to key and session, per-store
// refusals, resources, and notifications/resources/updated when another client writes (on PostgreSQL
// the write goes through a second server process, so the update crosses instances).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";
import { rest as restCall } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let storeA: string;
let storeB: string;
let sessionId: string;
let second: SpawnedApi | null = null;
const clients: Client[] = [];

const rest = (method: string, path: string, key: string, body?: unknown) => restCall(api.origin, key, method, path, body);

async function connect(key: string, headers: Record<string, string> = {}, origin = api.origin): Promise<Client> {
  const client = new Client({ name: "engram-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${origin}/api/v1/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${key}`, ...headers } },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

const textOf = (result: any) => (result.content as { text: string }[]).map((c) => c.text).join("\n");

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("mcp");
  storeA = (await rest("POST", "/memory_stores", tenant.adminKey, { name: "mcp A" })).body.id;
  storeB = (await rest("POST", "/memory_stores", tenant.adminKey, { name: "mcp B" })).body.id;
  await tenant.grant(storeA, tenant.agent.id, "read_write");
  sessionId = (await rest("POST", "/sessions", tenant.agentKey, { title: "mcp run" })).body.id;
});
afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await second?.kill();
  await api.close();
});

describe("MCP endpoint", () => {
  it("lists the tools with input schemas", async () => {
    const client = await connect(tenant.agentKey);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        "list_memory_stores",
        "memory_create",
        "memory_delete",
        "memory_history",
        "memory_insert",
        "memory_rename",
        "memory_search",
        "memory_str_replace",
        "memory_view",
      ].sort(),
    );
    const create = tools.find((t) => t.name === "memory_create")!;
    expect(Object.keys(create.inputSchema.properties ?? {}).sort()).toEqual(["file_text", "memory_store_id", "path"]);
    expect(create.inputSchema.required?.sort()).toEqual(["file_text", "path"]);
  });

  it("edits a file; the version is attributed to the key and the x-engram-session-id session", async () => {
    const client = await connect(tenant.agentKey, { "x-engram-session-id": sessionId });
    const stores = JSON.parse(textOf(await client.callTool({ name: "list_memory_stores", arguments: {} })));
    expect(stores.map((s: { id: string }) => s.id)).toEqual([storeA]);
    // The key reads exactly one store, so memory_store_id may be left out.
    const created = await client.callTool({ name: "memory_create", arguments: { path: "/memories/notes/plan.md", file_text: "step one\nstep two\n" } });
    expect(created.isError).toBeFalsy();
    expect(textOf(created)).toBe("File created successfully at: /memories/notes/plan.md");
    const replaced = await client.callTool({
      name: "memory_str_replace",
      arguments: { memory_store_id: storeA, path: "/memories/notes/plan.md", old_str: "step two", new_str: "step 2 (zeppelin)" },
    });
    expect(replaced.isError).toBeFalsy();
    const viewed = textOf(await client.callTool({ name: "memory_view", arguments: { path: "/memories/notes/plan.md" } }));
    expect(viewed).toContain("step 2 (zeppelin)");

    const { db } = await getDb();
    const versions = await db.memoryVersion.findMany({ where: { storeId: storeA, path: "/notes/plan.md" }, orderBy: { id: "asc" } });
    expect(versions).toHaveLength(2);
    for (const version of versions) expect(version).toMatchObject({ actorType: "session", sessionId, apiKeyId: tenant.agentKeyId, agentId: tenant.agent.id });

    const history = JSON.parse(textOf(await client.callTool({ name: "memory_history", arguments: { path: "/memories/notes/plan.md" } })));
    expect(history.versions).toHaveLength(2);
    expect(history.versions[0].created_by).toEqual({ type: "session_actor", session_id: sessionId });

    const found = textOf(await client.callTool({ name: "memory_search", arguments: { query: "zeppelin" } }));
    expect(found).toBe(`/memories/notes/plan.md:2: step 2 (zeppelin) (store ${storeA})`);
  });

  it("refuses a store the key has no grant on, and invalid input, as tool errors", async () => {
    const client = await connect(tenant.agentKey);
    const refused = await client.callTool({ name: "memory_view", arguments: { memory_store_id: storeB, path: "/memories" } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/not found/i);
    const write = await client.callTool({ name: "memory_create", arguments: { memory_store_id: storeB, path: "/memories/x.md", file_text: "x" } });
    expect(write.isError).toBe(true);
    const { db } = await getDb();
    expect(await db.memory.count({ where: { storeId: storeB } })).toBe(0);
    const outside = await client.callTool({ name: "memory_create", arguments: { path: "/etc/passwd", file_text: "x" } });
    expect(outside.isError).toBe(true);
    const missing = await client.callTool({ name: "memory_create", arguments: { path: "/memories/y.md" } });
    expect(missing.isError).toBe(true);
  });

  it("asks for memory_store_id when the key can read several stores", async () => {
    const client = await connect(tenant.adminKey);
    const result = await client.callTool({ name: "memory_view", arguments: { path: "/memories" } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("memory_store_id is required");
  });

  it("rejects requests without a valid key, and another key's session", async () => {
    await expect(connect("sk-not-a-key")).rejects.toThrow();
    const client = await connect(tenant.agentKey);
    const stolen = (client.transport as StreamableHTTPClientTransport).sessionId!;
    const res = await fetch(`${api.origin}/api/v1/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${tenant.adminKey}`,
        "mcp-session-id": stolen,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(res.status).toBe(404);
  });

  it("lists and reads files as resources", async () => {
    const client = await connect(tenant.agentKey);
    const uri = `engram://memory_stores/${storeA}/memories/notes/plan.md`;
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain(uri);
    const read = await client.readResource({ uri });
    expect(read.contents[0]).toMatchObject({ uri, text: "step one\nstep 2 (zeppelin)\n" });
    await expect(client.readResource({ uri: `engram://memory_stores/${storeB}/memories/notes/plan.md` })).rejects.toThrow();
  });

  it("sends notifications/resources/updated to a subscriber when another client writes the file", async () => {
    const client = await connect(tenant.agentKey);
    const uri = `engram://memory_stores/${storeA}/memories/notes/plan.md`;
    const updated = new Promise<string>((resolve) => client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri)));
    await client.subscribeResource({ uri });
    const { dialect } = await getDb();
    // On PostgreSQL the write is made by a second instance: the update crosses processes via LISTEN/NOTIFY.
    if (dialect === "postgresql") second = await spawnApiServer();
    const writer = await connect(tenant.adminKey, {}, second?.origin ?? api.origin);
    const wrote = await writer.callTool({
      name: "memory_insert",
      arguments: { memory_store_id: storeA, path: "/memories/notes/plan.md", insert_line: 0, insert_text: "# Plan" },
    });
    expect(wrote.isError).toBeFalsy();
    expect(await updated).toBe(uri);
  });
});
