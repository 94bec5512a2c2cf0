// "Go to anything" (GET /api/v1/goto): files by path in the stores the caller may read, sessions
// by title or external id, agents by name; never another workspace's, never an ungranted store's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goToResponseSchema } from "@/server/api/routes/goto";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;
let other: TestTenant;
let granted: string;
let ungranted: string;
let reader: { key: string; agentId: string };

const call = (method: string, path: string, key: string, body?: unknown) => rest(api.origin, key, method, path, body);

async function goTo(key: string, q: string) {
  const reply = await call("GET", `/goto?q=${encodeURIComponent(q)}`, key);
  expect(reply.status).toBe(200);
  return goToResponseSchema.parse(reply.body);
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("goto");
  other = await createTestTenant("goto-other");
  granted = (await call("POST", "/memory_stores", tenant.adminKey, { name: "goto granted" })).body.id;
  ungranted = (await call("POST", "/memory_stores", tenant.adminKey, { name: "goto hidden" })).body.id;
  const agent = await tenant.newAgent("Navigator Bot");
  await tenant.grant(granted, agent.agent.id, "read_only");
  reader = { key: agent.key, agentId: agent.agent.id };
  await call("POST", `/memory_stores/${granted}/memories`, tenant.adminKey, { path: "/Plans/Roadmap-Q3.md", content: "x" });
  await call("POST", `/memory_stores/${ungranted}/memories`, tenant.adminKey, { path: "/secret/roadmap-hidden.md", content: "x" });
  const gone = (await call("POST", `/memory_stores/${granted}/memories`, tenant.adminKey, { path: "/old/roadmap-gone.md", content: "x" })).body;
  expect((await call("DELETE", `/memory_stores/${granted}/memories/${gone.id}`, tenant.adminKey)).status).toBe(200);
  await call("POST", "/sessions", reader.key, { title: "Navigator roadmap run", external_id: "ext-NAV-42" });
  await call("POST", "/sessions", tenant.agentKey, { title: "someone else's roadmap" });
  const foreign = (await call("POST", "/memory_stores", other.adminKey, { name: "foreign" })).body.id;
  await call("POST", `/memory_stores/${foreign}/memories`, other.adminKey, { path: "/roadmap-foreign.md", content: "x" });
  await call("POST", "/sessions", other.agentKey, { title: "foreign roadmap", external_id: "ext-NAV-42" });
});
afterAll(() => api.close());

describe("GET /goto", () => {
  it("finds live files by any part of their path, any case, with their store's name", async () => {
    const found = await goTo(tenant.adminKey, "ROADMAP");
    expect(found.files.map((f) => f.path).sort()).toEqual(["/Plans/Roadmap-Q3.md", "/secret/roadmap-hidden.md"]);
    expect(found.files.find((f) => f.path === "/Plans/Roadmap-Q3.md")).toMatchObject({ memory_store_id: granted, memory_store_name: "goto granted" });
  });

  it("finds sessions by title or external id and agents by name, in the caller's workspace only", async () => {
    const byTitle = await goTo(tenant.adminKey, "roadmap");
    expect(byTitle.sessions.map((s) => s.title).sort()).toEqual(["Navigator roadmap run", "someone else's roadmap"]);
    const byExternal = await goTo(tenant.adminKey, "ext-nav");
    expect(byExternal.sessions.map((s) => s.external_id)).toEqual(["ext-NAV-42"]);
    expect((await goTo(tenant.adminKey, "navigator b")).agents.map((a) => a.name)).toEqual(["Navigator Bot"]);
    const foreign = await goTo(other.adminKey, "roadmap");
    expect(foreign.files.map((f) => f.path)).toEqual(["/roadmap-foreign.md"]);
    expect(foreign.sessions.map((s) => s.title)).toEqual(["foreign roadmap"]);
  });

  it("gives an agent key only its granted stores' files, its own sessions and its own agent", async () => {
    const found = await goTo(reader.key, "roadmap");
    expect(found.files.map((f) => f.path)).toEqual(["/Plans/Roadmap-Q3.md"]);
    expect(found.sessions.map((s) => s.title)).toEqual(["Navigator roadmap run"]);
    expect((await goTo(reader.key, "agent")).agents).toEqual([]);
    expect((await goTo(reader.key, "navigator")).agents.map((a) => a.id)).toEqual([reader.agentId]);
    // An agent without any grant sees no file at all.
    expect((await goTo(tenant.agentKey, "roadmap")).files).toEqual([]);
  });

  it("treats LIKE wildcards as text and refuses an empty query", async () => {
    expect((await goTo(tenant.adminKey, "%")).files).toEqual([]);
    expect((await goTo(tenant.adminKey, "_")).files).toEqual([]);
    expect((await call("GET", "/goto?q=%20", tenant.adminKey)).status).toBe(400);
    expect((await call("GET", "/goto", tenant.adminKey)).status).toBe(400);
  });
});
