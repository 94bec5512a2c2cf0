// GET /events: live memory events over Server-Sent Events, filters and visibility, resume with
// Last-Event-ID without gap or duplicate, and (on PostgreSQL) across two Engram processes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealWorkspace } from "@/server/audit/seal-audit-events";
import { getDb } from "@/server/db/client";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { spawnApiServer, type SpawnedApi } from "./helpers/spawn-server";
import { createSessionRow, memoryTool } from "./memory-tool-helpers";

let api: RunningApi;
let tenant: TestTenant;

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("events");
});
afterAll(() => api.close());

type WireEvent = {
  seq: number;
  action: string;
  memory_store_id: string;
  session_id: string | null;
  memory_id: string;
  memory_version_id: string;
  path: string | null;
  cause: string;
};
type Received = { id: string; event: string; data: WireEvent; raw: string };

/** A minimal SSE client over fetch: yields parsed events, skips comments. */
async function openStream(origin: string, key: string, query = "", headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${origin}/api/v1/events${query}`, { headers: { authorization: `Bearer ${key}`, ...headers }, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const comments: string[] = [];
  async function next(timeoutMs = 10_000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields: Record<string, string> = {};
        for (const line of frame.split("\n")) {
          if (line.startsWith(":")) comments.push(line);
          const at = line.indexOf(": ");
          if (at > 0) fields[line.slice(0, at)] = line.slice(at + 2);
        }
        if (fields.data) return { id: fields.id, event: fields.event, data: JSON.parse(fields.data), raw: frame };
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("no event before the timeout");
      const chunk = await Promise.race([reader.read(), new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), left))]);
      if (chunk === "timeout") throw new Error("no event before the timeout");
      if (chunk.done) throw new Error("stream ended");
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  }
  return { response, next, comments, close: () => controller.abort() };
}
type Stream = Awaited<ReturnType<typeof openStream>>;

/**
 * "Nothing unwanted is coming", proven by a marker instead of a quiet spell: the caller has just
 * written a change the stream must show (at `markerPath`), and the stream's next event must be that
 * one. Events arrive in seq order, so a duplicate or a leaked event on its way would come first.
 */
async function expectMarkerNext(stream: Stream, markerPath: string) {
  expect((await stream.next()).data.path).toBe(markerPath);
}

async function newStore(name: string) {
  return api.sdk(tenant.adminKey).beta.memoryStores.create({ name });
}

describe("live events", () => {
  it("streams a write as it commits, with ids, path and cause but never content", async () => {
    const store = await newStore("events-live");
    const stream = await openStream(api.origin, tenant.adminKey, `?store_id=${store.id}`);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await memoryTool(api.origin, tenant.adminKey, store.id, { command: "create", path: "/memories/live.md", file_text: "do not stream me" });
    const received = await stream.next();
    stream.close();
    expect(received.event).toBe("memory");
    expect(received.data).toMatchObject({ type: "memory_event", action: "memory.created", memory_store_id: store.id, path: "/live.md", cause: "memory_tool" });
    expect(received.id).toBe(String(received.data.seq));
    expect(received.raw).not.toContain("do not stream me");
    expect(received.data).not.toHaveProperty("content");
    const { db } = await getDb();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { workspaceId: tenant.workspace.id, seq: received.data.seq } });
    expect([audit.action, audit.targetId]).toEqual(["memory.created", received.data.memory_id]);
  });

  it("resumes with Last-Event-ID: exactly the missed events, then live, without duplicates", async () => {
    const store = await newStore("events-resume");
    const write = (n: number) => memoryTool(api.origin, tenant.adminKey, store.id, { command: "create", path: `/memories/f${n}.md`, file_text: String(n) });
    const first = await openStream(api.origin, tenant.adminKey, `?store_id=${store.id}`);
    await write(1);
    const seen = await first.next();
    first.close();
    for (let n = 2; n <= 6; n++) await write(n);

    const resumed = await openStream(api.origin, tenant.adminKey, `?store_id=${store.id}`, { "last-event-id": seen.id });
    const missed = [];
    for (let n = 2; n <= 6; n++) missed.push(await resumed.next());
    expect(missed.map((e) => e.data.path)).toEqual(["/f2.md", "/f3.md", "/f4.md", "/f5.md", "/f6.md"]);
    const seqs = missed.map((e) => e.data.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    await write(7);
    expect((await resumed.next()).data.path).toBe("/f7.md");
    await write(8);
    await expectMarkerNext(resumed, "/f8.md");
    resumed.close();

    // The query parameter works too (EventSource cannot set headers on the first connection).
    const byQuery = await openStream(api.origin, tenant.adminKey, `?store_id=${store.id}&last_event_id=${missed[3].id}`);
    expect((await byQuery.next()).data.path).toBe("/f6.md");
    expect((await byQuery.next()).data.path).toBe("/f7.md");
    byQuery.close();
  });

  it("keeps writes made during the replay in order, neither lost nor repeated", async () => {
    const store = await newStore("events-race");
    const write = (n: number) => memoryTool(api.origin, tenant.adminKey, store.id, { command: "create", path: `/memories/r${n}.md`, file_text: "x" });
    for (let n = 0; n < 30; n++) await write(n);
    const writing = (async () => {
      for (let n = 30; n < 60; n++) await write(n);
    })();
    const stream = await openStream(api.origin, tenant.adminKey, `?store_id=${store.id}&last_event_id=0`);
    const paths = [];
    for (let n = 0; n < 60; n++) paths.push((await stream.next()).data.path);
    await writing;
    await write(60);
    await expectMarkerNext(stream, "/r60.md");
    stream.close();
    expect(paths).toEqual(Array.from({ length: 60 }, (_, n) => `/r${n}.md`));
  });

  it("filters by session and shows an agent key only the stores it holds a grant on", async () => {
    const granted = await newStore("events-granted");
    const hidden = await newStore("events-hidden");
    await tenant.grant(granted.id, tenant.agent.id, "read_write");
    const session = await createSessionRow(tenant.workspace.id, tenant.agent.id);
    const agentStream = await openStream(api.origin, tenant.agentKey);
    const sessionStream = await openStream(api.origin, tenant.adminKey, `?session_id=${session.id}`);
    await memoryTool(api.origin, tenant.adminKey, hidden.id, { command: "create", path: "/memories/secret.md", file_text: "x" });
    await memoryTool(api.origin, tenant.adminKey, granted.id, { command: "create", path: "/memories/no-session.md", file_text: "x" });
    await memoryTool(api.origin, tenant.agentKey, granted.id, { command: "create", path: "/memories/in-session.md", file_text: "x" }, session.id);
    expect((await agentStream.next()).data.path).toBe("/no-session.md");
    expect((await agentStream.next()).data).toMatchObject({ path: "/in-session.md", session_id: session.id });
    expect((await sessionStream.next()).data.path).toBe("/in-session.md");
    // The writes outside the session, before and after, must not reach its stream.
    await memoryTool(api.origin, tenant.adminKey, granted.id, { command: "create", path: "/memories/no-session-2.md", file_text: "x" });
    await memoryTool(api.origin, tenant.agentKey, granted.id, { command: "create", path: "/memories/session-marker.md", file_text: "x" }, session.id);
    await expectMarkerNext(sessionStream, "/session-marker.md");
    agentStream.close();
    sessionStream.close();

    // Another workspace's stream shows none of this workspace's writes, only its own.
    const other = await createTestTenant("events-other");
    const otherStore = await api.sdk(other.adminKey).beta.memoryStores.create({ name: "events-other" });
    const foreign = await openStream(api.origin, other.adminKey);
    await memoryTool(api.origin, tenant.adminKey, granted.id, { command: "create", path: "/memories/not-yours.md", file_text: "x" });
    await memoryTool(api.origin, other.adminKey, otherStore.id, { command: "create", path: "/memories/other-marker.md", file_text: "x" });
    await expectMarkerNext(foreign, "/other-marker.md");
    foreign.close();
  });

  it("answers errors with the envelope: hidden store 404, foreign session 404, bad Last-Event-ID 400", async () => {
    const hidden = await newStore("events-404");
    const stranger = await tenant.newAgent();
    const get = (key: string, query: string, headers: Record<string, string> = {}) =>
      fetch(`${api.origin}/api/v1/events${query}`, { headers: { authorization: `Bearer ${key}`, ...headers } });
    const notGranted = await get(stranger.key, `?store_id=${hidden.id}`);
    expect(notGranted.status).toBe(404);
    expect((await notGranted.json()).error.type).toBe("not_found_error");
    const session = await createSessionRow(tenant.workspace.id, tenant.agent.id);
    expect((await get(stranger.key, `?session_id=${session.id}`)).status).toBe(404);
    expect((await get(tenant.adminKey, "", { "last-event-id": "abc" })).status).toBe(400);
    expect((await fetch(`${api.origin}/api/v1/events`)).status).toBe(401);
  });

  it("replays a redacted version's event without its path", async () => {
    const client = api.sdk(tenant.adminKey);
    const store = await newStore("events-redacted");
    await memoryTool(api.origin, tenant.adminKey, store.id, { command: "create", path: "/memories/leak-sk-123.md", file_text: "sk-123" });
    await memoryTool(api.origin, tenant.adminKey, store.id, { command: "rename", old_path: "/memories/leak-sk-123.md", new_path: "/memories/clean.md" });
    const { db } = await getDb();
    const first = await db.memoryVersion.findFirstOrThrow({ where: { storeId: store.id }, orderBy: { id: "asc" } });
    await client.beta.memoryStores.memoryVersions.redact(first.id, { memory_store_id: store.id });
    const stream = await openStream(api.origin, tenant.adminKey, `?store_id=${store.id}&last_event_id=0`);
    const created = await stream.next();
    const renamed = await stream.next();
    stream.close();
    expect(created.data).toMatchObject({ action: "memory.created", path: null });
    expect(created.raw).not.toContain("sk-123");
    expect(renamed.data.path).toBe("/clean.md");
  });
});

describe.skipIf((process.env.DATABASE_URL ?? "").startsWith("file:"))("live events across Engram processes (PostgreSQL)", () => {
  let one: SpawnedApi;
  let two: SpawnedApi;
  beforeAll(async () => {
    [one, two] = await Promise.all([spawnApiServer(), spawnApiServer()]);
  });
  afterAll(async () => {
    await Promise.all([one?.kill(), two?.kill()]);
  });

  it("streams a write made through one process from the other, and resumes there without a gap", async () => {
    const store = await one.sdk(tenant.adminKey).beta.memoryStores.create({ name: "events-cluster" });
    const onTwo = await openStream(two.origin, tenant.adminKey, `?store_id=${store.id}`);
    const onOne = await openStream(one.origin, tenant.adminKey, `?store_id=${store.id}`);
    await memoryTool(one.origin, tenant.adminKey, store.id, { command: "create", path: "/memories/a.md", file_text: "a" });
    const remote = await onTwo.next();
    const local = await onOne.next();
    expect(remote.data).toMatchObject({ action: "memory.created", path: "/a.md" });
    expect(local.id).toBe(remote.id);

    // Writes through both processes interleave; each stream sees all of them once, in seq order.
    for (let n = 0; n < 10; n++) {
      await memoryTool((n % 2 ? one : two).origin, tenant.adminKey, store.id, { command: "create", path: `/memories/n${n}.md`, file_text: "x" });
    }
    for (const stream of [onOne, onTwo]) {
      const paths = [];
      for (let n = 0; n < 10; n++) paths.push((await stream.next()).data.path);
      expect(paths).toEqual(Array.from({ length: 10 }, (_, n) => `/n${n}.md`));
    }
    await memoryTool(two.origin, tenant.adminKey, store.id, { command: "create", path: "/memories/marker.md", file_text: "x" });
    for (const stream of [onOne, onTwo]) await expectMarkerNext(stream, "/marker.md");
    onOne.close();

    // Disconnect from process two, write through process one, resume on process two.
    onTwo.close();
    for (let n = 0; n < 3; n++) await memoryTool(one.origin, tenant.adminKey, store.id, { command: "create", path: `/memories/later${n}.md`, file_text: "x" });
    const { db } = await getDb();
    // On PostgreSQL the newest events may still wait for the sealer: a direct read seals first, as the audit log's readers do.
    await sealWorkspace(tenant.workspace.id);
    const last = await db.auditEvent.findFirstOrThrow({ where: { workspaceId: tenant.workspace.id, storeId: store.id }, orderBy: { seq: "desc" }, skip: 3 });
    const resumed = await openStream(two.origin, tenant.adminKey, `?store_id=${store.id}`, { "last-event-id": String(last.seq) });
    const paths = [];
    for (let n = 0; n < 3; n++) paths.push((await resumed.next()).data.path);
    expect(paths).toEqual(["/later0.md", "/later1.md", "/later2.md"]);
    await memoryTool(one.origin, tenant.adminKey, store.id, { command: "create", path: "/memories/live-again.md", file_text: "x" });
    expect((await resumed.next()).data.path).toBe("/live-again.md");
    await memoryTool(two.origin, tenant.adminKey, store.id, { command: "create", path: "/memories/marker-2.md", file_text: "x" });
    await expectMarkerNext(resumed, "/marker-2.md");
    resumed.close();
  });
});
