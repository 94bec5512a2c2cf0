// A session's timeline, the event stream's replay and point-in-time reads show an agent key only
// the stores it may read now: a removed grant hides that store's events, and an admin key naming
// the agent's session cannot put another store's content into the agent's timeline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { createTestTenant, type TestTenant } from "./helpers/fixtures";
import { rest } from "./helpers/rest";

let api: RunningApi;
let tenant: TestTenant;

const call = (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) =>
  rest(api.origin, key, method, path, body, headers);

const storeIdsOf = (events: { memory_store_id: string }[]) => [...new Set(events.map((e) => e.memory_store_id))].sort();

/** Reads the event stream from seq 0 until an event at `untilPath` arrives; returns the events before it. */
async function replay(key: string, untilPath: string): Promise<{ memory_store_id: string; path: string }[]> {
  const abort = new AbortController();
  const res = await fetch(`${api.origin}/api/v1/events`, { headers: { "x-api-key": key, "last-event-id": "0" }, signal: abort.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: { memory_store_id: string; path: string }[] = [];
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended before the marker event");
      buffer += value;
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split("\n").find((line) => line.startsWith("data: "));
        if (!data) continue;
        const event = JSON.parse(data.slice(6)) as { memory_store_id: string; path: string };
        if (event.path === untilPath) return events;
        events.push(event);
      }
    }
  } finally {
    abort.abort();
  }
}

beforeAll(async () => {
  api = await startApiServer();
  tenant = await createTestTenant("timeline-grants");
});
afterAll(async () => {
  await api?.close();
});

describe("finding 4: store grants bound the timeline, the event stream and memories_at", () => {
  it("after its grant on a store is removed, an agent no longer sees that store's events in its session's timeline or the stream's replay", async () => {
    const kept = (await call("POST", "/memory_stores", tenant.adminKey, { name: "kept" })).body;
    const revoked = (await call("POST", "/memory_stores", tenant.adminKey, { name: "revoked" })).body;
    const agent = await tenant.newAgent();
    await tenant.grant(kept.id, agent.agent.id, "read_write");
    await tenant.grant(revoked.id, agent.agent.id, "read_write");
    const session = (await call("POST", "/sessions", agent.key, {})).body;
    const inSession = { "x-engram-session-id": session.id };
    const a = await call("POST", `/memory_stores/${kept.id}/memories`, agent.key, { path: "/kept.md", content: "kept v1" }, inSession);
    const b = await call("POST", `/memory_stores/${revoked.id}/memories`, agent.key, { path: "/secret.md", content: "secret v1" }, inSession);
    await call("POST", `/memory_stores/${revoked.id}/memories/${b.body.id}`, agent.key, { content: "secret v2" }, inSession);
    await call("GET", `/memory_stores/${revoked.id}/memories/${b.body.id}`, agent.key, undefined, inSession);
    expect(a.status).toBe(200);

    const before = await call("GET", `/sessions/${session.id}/timeline?diff=true&limit=100`, agent.key);
    expect(storeIdsOf(before.body.data)).toEqual([kept.id, revoked.id].sort());

    await tenant.grant(revoked.id, agent.agent.id, null);
    const after = await call("GET", `/sessions/${session.id}/timeline?diff=true&limit=100`, agent.key);
    expect(after.status).toBe(200);
    expect(storeIdsOf(after.body.data)).toEqual([kept.id]);
    expect(JSON.stringify(after.body)).not.toContain("secret");
    // Pages of one event each walk the same filtered list.
    const first = await call("GET", `/sessions/${session.id}/timeline?limit=1`, agent.key);
    expect(first.body.data.map((e: { memory_store_id: string }) => e.memory_store_id)).toEqual([kept.id]);
    // The admin still sees everything.
    const admin = await call("GET", `/sessions/${session.id}/timeline?limit=100`, tenant.adminKey);
    expect(storeIdsOf(admin.body.data)).toEqual([kept.id, revoked.id].sort());

    // Replay from the start: the revoked store's events are not handed to the agent.
    await call("POST", `/memory_stores/${kept.id}/memories`, tenant.adminKey, { path: "/marker.md", content: "end" });
    const replayed = await replay(agent.key, "/marker.md");
    expect(replayed.some((e) => e.memory_store_id === kept.id)).toBe(true);
    expect(replayed.filter((e) => e.memory_store_id === revoked.id)).toEqual([]);
  });

  it("an admin key naming an agent's session does not put a store the agent cannot read into that agent's timeline", async () => {
    const hidden = (await call("POST", "/memory_stores", tenant.adminKey, { name: "hidden" })).body;
    const agent = await tenant.newAgent();
    const session = (await call("POST", "/sessions", agent.key, {})).body;
    const written = await call(
      "POST",
      `/memory_stores/${hidden.id}/memories`,
      tenant.adminKey,
      { path: "/planted.md", content: "planted" },
      { "x-engram-session-id": session.id },
    );
    expect(written.status).toBe(200);
    const timeline = await call("GET", `/sessions/${session.id}/timeline?diff=true&limit=100`, agent.key);
    expect(timeline.status).toBe(200);
    expect(timeline.body.data).toEqual([]);
  });

  it("memories_at: a store the key lost its grant on answers 404, whatever the session", async () => {
    const store = (await call("POST", "/memory_stores", tenant.adminKey, { name: "pit" })).body;
    const agent = await tenant.newAgent();
    await tenant.grant(store.id, agent.agent.id, "read_write");
    const session = (await call("POST", "/sessions", agent.key, {})).body;
    await call("POST", `/memory_stores/${store.id}/memories`, agent.key, { path: "/p.md", content: "p" }, { "x-engram-session-id": session.id });
    expect((await call("GET", `/memory_stores/${store.id}/memories_at?session_id=${session.id}`, agent.key)).status).toBe(200);
    await tenant.grant(store.id, agent.agent.id, null);
    const refused = await call("GET", `/memory_stores/${store.id}/memories_at?session_id=${session.id}`, agent.key);
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).not.toContain("memver_");
  });
});
