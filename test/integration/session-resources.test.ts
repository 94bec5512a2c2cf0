// Session attachments (issue 18 item 3): stores attached to a session as Managed Agents has them.
// A session created with `resources` may touch only those stores, with at most the attached
// access, on every path that carries the session: REST, the memory-tool endpoint, MCP, listings.
import type { BetaManagedAgentsSession } from "@anthropic-ai/sdk/resources/beta/sessions/sessions";
import { SessionMemoryStores } from "@anthropic-ai/sdk/tools/agent-toolset/node";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mountSession } from "@/mount-client/mount-session";
import { mountStore } from "@/mount-client/mount-store";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { callMemoryTool } from "./memory-tool-helpers";
import { readFile, tempDir, writeFile } from "./mount-helpers";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let notes: string; // read_write grant, attached read_only
let journal: string; // read_write grant, attached read_write
let other: string; // read_write grant, not attached
let ungranted: string;
const clients: Client[] = [];

const call = (method: string, route: string, key: string, body?: unknown, session?: string) =>
  rest(api.origin, key, method, route, body, session ? { "x-engram-session-id": session } : {});

const attach = (memory_store_id: string, access?: "read_only" | "read_write", instructions?: string) => ({
  type: "memory_store" as const,
  memory_store_id,
  ...(access ? { access } : {}),
  ...(instructions !== undefined ? { instructions } : {}),
});

async function newSession(resources: unknown[]) {
  const res = await call("POST", "/sessions", tenant.agentKey, { title: "attached", resources });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: string; resources: any[] };
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("attach");
  const store = async (name: string, description = "") => (await call("POST", "/memory_stores", tenant.adminKey, { name, description })).body.id as string;
  notes = await store("Team Notes", "what the team decided");
  journal = await store("journal");
  other = await store("other");
  ungranted = await store("ungranted");
  for (const id of [notes, journal, other]) await tenant.grant(id, tenant.agent.id, "read_write");
  for (const id of [notes, journal, other]) await call("POST", `/memory_stores/${id}/memories`, tenant.adminKey, { path: "/a.md", content: "a\n" });
});
afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await api.close();
});

describe("POST /sessions with resources", () => {
  it("returns each attachment with its mount_path and the store's name and description as attached", async () => {
    const session = await newSession([attach(notes, "read_only", "Read the decisions first."), attach(journal)]);
    expect(session.resources).toEqual([
      {
        type: "memory_store",
        memory_store_id: notes,
        access: "read_only",
        instructions: "Read the decisions first.",
        mount_path: "/mnt/memory/team-notes",
        name: "Team Notes",
        description: "what the team decided",
      },
      {
        type: "memory_store",
        memory_store_id: journal,
        access: "read_write",
        instructions: null,
        mount_path: "/mnt/memory/journal",
        name: "journal",
        description: "",
      },
    ]);
    // A later rename does not reach the snapshot.
    await call("POST", `/memory_stores/${notes}`, tenant.adminKey, { name: "Renamed Notes", description: "changed" });
    const fetched = await call("GET", `/sessions/${session.id}`, tenant.agentKey);
    expect(fetched.body.resources).toEqual(session.resources);
    const listed = await call("GET", "/sessions?limit=5", tenant.adminKey);
    expect(listed.body.data.find((s: { id: string }) => s.id === session.id).resources).toEqual(session.resources);
    await call("POST", `/memory_stores/${notes}`, tenant.adminKey, { name: "Team Notes", description: "what the team decided" });
  });

  it("refuses more than 8 stores, long instructions, duplicates and stores the agent cannot see, with clear 400/404s", async () => {
    const nine = Array.from({ length: 9 }, () => attach(notes));
    const tooMany = await call("POST", "/sessions", tenant.agentKey, { resources: nine });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/at most 8 memory stores/);
    const long = await call("POST", "/sessions", tenant.agentKey, { resources: [attach(notes, "read_only", "x".repeat(4097))] });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/instructions: must be at most 4096 characters/);
    expect((await call("POST", "/sessions", tenant.agentKey, { resources: [attach(notes, "read_only", "x".repeat(4096))] })).status).toBe(200);
    const twice = await call("POST", "/sessions", tenant.agentKey, { resources: [attach(notes), attach(notes)] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toMatch(/attached twice/);
    const hidden = await call("POST", "/sessions", tenant.agentKey, { resources: [attach(ungranted)] });
    expect(hidden.status).toBe(404);
    const badAccess = await call("POST", "/sessions", tenant.agentKey, { resources: [{ ...attach(notes), access: "admin" }] });
    expect(badAccess.status).toBe(400);
    const { db } = await import("@/server/db/client").then((m) => m.getDb());
    expect(await db.session.count({ where: { workspaceId: tenant.workspace.id, title: "" } })).toBe(1); // only the valid 4,096-character one
  });
});

describe("a session's attachments narrow the agent's grants", () => {
  let session: { id: string };
  beforeAll(async () => {
    session = await newSession([attach(notes, "read_only"), attach(journal, "read_write")]);
  });

  it("REST: a read_only attachment refuses writes to a read_write-granted store; reads still work", async () => {
    expect((await call("GET", `/memory_stores/${notes}/memories?view=full`, tenant.agentKey, undefined, session.id)).status).toBe(200);
    const write = await call("POST", `/memory_stores/${notes}/memories`, tenant.agentKey, { path: "/b.md", content: "b" }, session.id);
    expect(write.status).toBe(403);
    expect(write.body.error.type).toBe("permission_error");
    // Without the session header the key's own grant applies.
    expect((await call("POST", `/memory_stores/${notes}/memories`, tenant.agentKey, { path: "/b.md", content: "b" })).status).toBe(200);
    expect((await call("POST", `/memory_stores/${journal}/memories`, tenant.agentKey, { path: "/j.md", content: "j" }, session.id)).status).toBe(200);
  });

  it("REST: a store the session did not attach answers 404 and is not listed", async () => {
    expect((await call("GET", `/memory_stores/${other}`, tenant.agentKey, undefined, session.id)).status).toBe(404);
    expect((await call("GET", `/memory_stores/${other}/memories`, tenant.agentKey, undefined, session.id)).status).toBe(404);
    const listed = await call("GET", "/memory_stores?limit=100", tenant.agentKey, undefined, session.id);
    expect(listed.body.data.map((s: { id: string }) => s.id).sort()).toEqual([notes, journal].sort());
    const search = await call("GET", "/search?q=a", tenant.agentKey, undefined, session.id);
    expect(new Set(search.body.data.map((hit: { memory_store_id: string }) => hit.memory_store_id))).not.toContain(other);
  });

  it("never widens: read_write attached on a read_only grant stays read-only", async () => {
    await tenant.grant(other, tenant.agent.id, "read_only");
    const widened = await newSession([attach(other, "read_write")]);
    const write = await call("POST", `/memory_stores/${other}/memories`, tenant.agentKey, { path: "/w.md", content: "w" }, widened.id);
    expect(write.status).toBe(403);
    await tenant.grant(other, tenant.agent.id, "read_write");
  });

  it("the memory-tool endpoint: read_only refuses edits, an unattached store is not found", async () => {
    const edit = await callMemoryTool(api.origin, tenant.agentKey, notes, { command: "create", path: "/memories/t.md", file_text: "t" }, session.id);
    expect(edit.status).toBe(403);
    const view = await callMemoryTool(api.origin, tenant.agentKey, notes, { command: "view", path: "/memories" }, session.id);
    expect(view.status).toBe(200);
    const elsewhere = await callMemoryTool(api.origin, tenant.agentKey, other, { command: "view", path: "/memories" }, session.id);
    expect(elsewhere.status).toBe(404);
  });

  it("MCP: the session's tools see only attached stores and cannot write a read_only one", async () => {
    const client = new Client({ name: "engram-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${api.origin}/api/v1/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${tenant.agentKey}`, "x-engram-session-id": session.id } },
      }),
    );
    clients.push(client);
    const text = (result: any) => (result.content as { text: string }[]).map((c) => c.text).join("\n");
    const stores = JSON.parse(text(await client.callTool({ name: "list_memory_stores", arguments: {} })));
    expect(stores.map((s: { id: string }) => s.id).sort()).toEqual([notes, journal].sort());
    const refused = await client.callTool({ name: "memory_create", arguments: { memory_store_id: notes, path: "/memories/m.md", file_text: "m" } });
    expect(refused.isError).toBe(true);
    const hidden = await client.callTool({ name: "memory_view", arguments: { memory_store_id: other, path: "/memories" } });
    expect(hidden.isError).toBe(true);
    const ok = await client.callTool({ name: "memory_create", arguments: { memory_store_id: journal, path: "/memories/m.md", file_text: "m" } });
    expect(ok.isError).toBeFalsy();
  });
});

describe("clients use a session's resources", () => {
  it("the SDK's SessionMemoryStores mounts the attachments of an Engram session, read_only ones as read-only roots", async () => {
    const session = await newSession([attach(notes, "read_only"), attach(journal, "read_write")]);
    const fetched = (await call("GET", `/sessions/${session.id}`, tenant.agentKey)).body;
    // /mnt/memory is the container's path; the test relocates it under a temporary directory.
    const root = tempDir("attach-sdk");
    const relocated = { ...fetched, resources: fetched.resources.map((r: any) => ({ ...r, mount_path: path.join(root, r.mount_path) })) };
    const client = api.sdk(tenant.agentKey, { "x-engram-session-id": session.id });
    const stores = new SessionMemoryStores(client, { workdir: root });
    await stores.download(relocated as BetaManagedAgentsSession);
    expect(stores.readOnlyRoots).toEqual([path.join(root, "/mnt/memory/team-notes")]);
    expect(await readFile(path.join(root, "/mnt/memory/team-notes"), "a.md")).toBe("a\n");
    await stores.dispose();
  });

  it("the mount CLI's mountStore takes the session's attachment: read_only attached means pull only", async () => {
    const session = await newSession([attach(notes, "read_only")]);
    const dir = tempDir("attach-mount");
    const mount = await mountStore({ baseURL: api.baseURL, apiKey: tenant.agentKey, storeId: notes, dir, sessionId: session.id, intervalMs: 0 });
    await writeFile(dir, "local.md", "local only\n");
    await mount.sync();
    await mount.stop();
    const listed = await call("GET", `/memory_stores/${notes}/memories?limit=100`, tenant.adminKey);
    expect(listed.body.data.map((m: { path: string }) => m.path)).not.toContain("/local.md");
    // Given only the session, the mount takes every attached store, each in DIR/<name>, with its access.
    const both = await newSession([attach(notes, "read_only"), attach(journal, "read_write")]);
    const root = tempDir("attach-mount-session");
    const handles = await mountSession({ baseURL: api.baseURL, apiKey: tenant.agentKey, sessionId: both.id, dir: root, intervalMs: 0 });
    expect(handles.map((h) => [h.storeId, h.dir])).toEqual([
      [notes, path.join(root, "team-notes")],
      [journal, path.join(root, "journal")],
    ]);
    expect(await readFile(path.join(root, "journal"), "a.md")).toBe("a\n");
    await writeFile(path.join(root, "journal"), "from-mount.md", "pushed\n");
    await writeFile(path.join(root, "team-notes"), "from-mount.md", "kept local\n");
    for (const h of handles) await h.sync();
    await Promise.all(handles.map((h) => h.stop()));
    const journalFiles = (await call("GET", `/memory_stores/${journal}/memories?limit=100`, tenant.adminKey)).body.data.map((m: { path: string }) => m.path);
    expect(journalFiles).toContain("/from-mount.md");
    const notesFiles = (await call("GET", `/memory_stores/${notes}/memories?limit=100`, tenant.adminKey)).body.data.map((m: { path: string }) => m.path);
    expect(notesFiles).not.toContain("/from-mount.md");
    // A store the session did not attach cannot be mounted in it.
    await expect(
      mountStore({ baseURL: api.baseURL, apiKey: tenant.agentKey, storeId: other, dir: tempDir("attach-mount-2"), sessionId: session.id, intervalMs: 0 }),
    ).rejects.toThrow(/not found/i);
  });
});
