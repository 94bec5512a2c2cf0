// "What did this session learn" (GET /api/v1/sessions/{id}/changes): one net change per file from
// before the session to its last write, the reads that came before, only in readable stores.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionChangesResponseSchema } from "@/server/api/routes/timeline";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let other: TestTenant;
let store: string;
let hidden: string;
let agent: { key: string; agentId: string };
let sessionId: string;
const ids: Record<string, string> = {};

const call = (method: string, path: string, key: string, body?: unknown, sessionHeader?: string) =>
  rest(api.origin, key, method, path, body, sessionHeader ? { "x-engram-session-id": sessionHeader } : {});

async function changes(key: string, query = "") {
  const reply = await call("GET", `/sessions/${sessionId}/changes${query}`, key);
  expect(reply.status).toBe(200);
  return sessionChangesResponseSchema.parse(reply.body);
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("changes");
  other = await createTestTenant("changes-other");
  store = (await call("POST", "/memory_stores", tenant.adminKey, { name: "learn" })).body.id;
  hidden = (await call("POST", "/memory_stores", tenant.adminKey, { name: "learn hidden" })).body.id;
  const a = await tenant.newAgent("learner");
  await tenant.grant(store, a.agent.id, "read_write");
  await tenant.grant(hidden, a.agent.id, "read_write");
  agent = { key: a.key, agentId: a.agent.id };
  const mem = (path: string) => `/memory_stores/${store}/memories${path}`;
  ids.notes = (await call("POST", mem(""), tenant.adminKey, { path: "/notes.md", content: "alpha\nbeta\n" })).body.id;
  ids.gone = (await call("POST", mem(""), tenant.adminKey, { path: "/gone.md", content: "old\n" })).body.id;
  ids.same = (await call("POST", mem(""), tenant.adminKey, { path: "/same.md", content: "same\n" })).body.id;
  ids.config = (await call("POST", mem(""), tenant.adminKey, { path: "/config.md", content: "port 80\n" })).body.id;

  sessionId = (await call("POST", "/sessions", agent.key, { title: "learning" })).body.id;
  const s = sessionId;
  expect((await call("GET", `${mem(`/${ids.config}`)}?view=full`, agent.key, undefined, s)).status).toBe(200);
  await call("POST", mem(`/${ids.notes}`), agent.key, { content: "alpha\nbeta v1\n" }, s);
  await call("POST", mem(`/${ids.notes}`), agent.key, { content: "alpha\nbeta v2\ngamma\n" }, s);
  expect((await call("GET", `${mem(`/${ids.notes}`)}?view=full`, agent.key, undefined, s)).status).toBe(200);
  ids.fresh = (await call("POST", mem(""), agent.key, { path: "/fresh.md", content: "brand new\n" }, s)).body.id;
  await call("POST", mem(`/${ids.same}`), agent.key, { content: "changed\n" }, s);
  await call("POST", mem(`/${ids.same}`), agent.key, { content: "same\n" }, s);
  expect((await call("DELETE", mem(`/${ids.gone}`), agent.key, undefined, s)).status).toBe(200);
  await call("POST", `/memory_stores/${hidden}/memories`, agent.key, { path: "/hidden.md", content: "secret plan\n" }, s);
  await call("POST", `/sessions/${s}/end`, agent.key, {});
});
afterAll(() => api.close());

describe("GET /sessions/{id}/changes", () => {
  it("gives one net diff per file, however many writes, newest first", async () => {
    const { data, truncated } = await changes(tenant.adminKey);
    expect(truncated).toBe(false);
    expect(data.map((c) => [c.path, c.status, c.write_count])).toEqual([
      ["/hidden.md", "created", 1],
      ["/gone.md", "deleted", 1],
      ["/same.md", "unchanged", 2],
      ["/fresh.md", "created", 1],
      ["/notes.md", "modified", 2],
    ]);
    const notes = data.find((c) => c.path === "/notes.md")!;
    expect(notes.diff).toContain("-beta\n");
    expect(notes.diff).toContain("+beta v2\n");
    expect(notes.diff).toContain("+gamma\n");
    expect(notes.diff).not.toContain("v1");
    expect(notes.before_version_id).not.toBeNull();
    expect(data.find((c) => c.path === "/fresh.md")).toMatchObject({ before_version_id: null, diff: expect.stringContaining("+brand new") });
    expect(data.find((c) => c.path === "/gone.md")!.diff).toContain("-old");
    expect(data.find((c) => c.path === "/same.md")!.diff).toBe("");
  });

  it("pages the files newest first without repeating or skipping one", async () => {
    const paths: (string | null)[] = [];
    let page: string | null = "";
    for (let pages = 0; page !== null; pages++) {
      expect(pages).toBeLessThan(3);
      const reply = await changes(tenant.adminKey, `?limit=2${page ? `&page=${page}` : ""}`);
      expect(reply.data.length).toBeLessThanOrEqual(2);
      paths.push(...reply.data.map((c) => c.path));
      page = reply.next_page;
    }
    expect(paths).toEqual(["/hidden.md", "/gone.md", "/same.md", "/fresh.md", "/notes.md"]);
    expect((await changes(tenant.adminKey)).next_page).toBeNull();
  });

  it("lists the reads made before each file's last write", async () => {
    const { data } = await changes(tenant.adminKey);
    const readPaths = (path: string) => data.find((c) => c.path === path)!.reads_before.map((r) => r.path);
    expect(readPaths("/notes.md")).toEqual(["/config.md"]);
    // Newest first: the read of notes.md came after notes.md's writes but before fresh.md's.
    expect(readPaths("/fresh.md")).toEqual(["/notes.md", "/config.md"]);
  });

  it("shows an agent key only the stores it may read now, and hides another agent's session", async () => {
    await tenant.grant(hidden, agent.agentId, null);
    expect((await changes(agent.key)).data.map((c) => c.path)).not.toContain("/hidden.md");
    expect((await call("GET", `/sessions/${sessionId}/changes`, tenant.agentKey)).status).toBe(404);
    expect((await call("GET", `/sessions/${sessionId}/changes`, other.adminKey)).status).toBe(404);
  });

  it("never shows redacted text", async () => {
    const notes = (await changes(tenant.adminKey)).data.find((c) => c.path === "/notes.md")!;
    // The version from before the session is redacted: the net diff would show its text.
    const redact = await call("POST", `/memory_stores/${store}/memory_versions/${notes.before_version_id}/redact`, tenant.adminKey, {});
    expect(redact.status).toBe(200);
    const after = (await changes(tenant.adminKey)).data.find((c) => c.memory_id === ids.notes)!;
    expect(after).toMatchObject({ redacted: true, diff: null, status: "modified" });
    expect(JSON.stringify(after)).not.toContain("beta");
  });
});
