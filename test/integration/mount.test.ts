// mountStore against a real Engram over HTTP: download, both sync directions, conflict copies,
// delayed deletes, read-only, refusals, an idle sync that moves no content, an unreachable server.
import { promises as fsp } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mountStore, type MountHandle, type MountReport } from "@/mount-client/mount-store";
import { STATE_FILE } from "@/lib/mount/mount-paths";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import {
  conflictCopies,
  contentRequests,
  exists,
  findMemory,
  mountFixture,
  seedStartingFiles,
  readFile,
  serverFiles,
  tempDir,
  writeFile,
} from "./mount-helpers";

let api: RunningApi;
let fx: Awaited<ReturnType<typeof mountFixture>>;
let dir: string;
let handle: MountHandle;
const reports: MountReport[] = [];
// Delete delays are measured on this clock, which only the tests move.
let clock = Date.now();

beforeAll(async () => {
  api = await startApiServer();
  fx = await mountFixture(api, "mount");
  await seedStartingFiles(fx);
  dir = tempDir("lib");
  handle = await mountStore({
    client: fx.agent,
    storeId: fx.store.id,
    dir,
    sessionId: fx.sessionId,
    intervalMs: 0,
    deleteDelayMs: 1_500,
    now: () => clock,
    onReport: (r) => reports.push(r),
  });
});
afterAll(async () => {
  await handle?.stop();
  await api.close();
});

describe("mountStore", () => {
  it("downloads the store into the directory, with a state file that is never synced", async () => {
    expect(await readFile(dir, "notes.md")).toBe("first\n");
    expect(await readFile(dir, "people/ada.md")).toBe("Ada\n");
    expect(reports).toContainEqual({ type: "downloaded", files: 3 });
    const state = JSON.parse(await readFile(dir, STATE_FILE));
    expect(Object.keys(state.files).sort()).toEqual(["notes.md", "people/ada.md", "todo.md"]);
    expect([...(await serverFiles(fx.admin, fx.store.id)).keys()]).not.toContain(STATE_FILE);
  });

  it("an idle sync moves no content: only the hash listing", async () => {
    fx.requests.length = 0;
    await handle.sync();
    await handle.sync();
    expect(contentRequests(fx.requests)).toEqual([]);
    expect(fx.requests.every((r) => r.method === "GET" && r.url.includes("view=basic"))).toBe(true);
    expect(fx.requests.length).toBe(2);
  });

  it("an edit on disk appears on the server as a version attributed to the session", async () => {
    await writeFile(dir, "notes.md", "first\nsecond\n");
    await writeFile(dir, "new/idea.md", "a new file\n");
    fx.requests.length = 0;
    const summary = await handle.sync();
    expect(summary.pushed).toBe(2);
    expect(contentRequests(fx.requests)).toEqual([]);
    const files = await serverFiles(fx.admin, fx.store.id);
    expect(files.get("notes.md")).toBe("first\nsecond\n");
    expect(files.get("new/idea.md")).toBe("a new file\n");
    const notes = await findMemory(fx.admin, fx.store.id, "notes.md");
    const versions = [];
    for await (const v of fx.admin.beta.memoryStores.memoryVersions.list(fx.store.id, { memory_id: notes!.id })) versions.push(v);
    expect(versions[0]).toMatchObject({ operation: "modified", created_by: { type: "session_actor", session_id: fx.sessionId } });
    expect(reports).toContainEqual(expect.objectContaining({ type: "pushed", path: "new/idea.md", created: true }));
  });

  it("an edit through the API appears on disk; only that memory's content is fetched", async () => {
    const todo = await findMemory(fx.admin, fx.store.id, "todo.md");
    await fx.admin.beta.memoryStores.memories.update(todo!.id, { memory_store_id: fx.store.id, content: "- one\n- two\n" });
    fx.requests.length = 0;
    expect((await handle.sync()).pulled).toBe(1);
    expect(await readFile(dir, "todo.md")).toBe("- one\n- two\n");
    expect(contentRequests(fx.requests).length).toBe(1);
  });

  it("a memory deleted through the API is removed from disk", async () => {
    const idea = await findMemory(fx.admin, fx.store.id, "new/idea.md");
    await fx.admin.beta.memoryStores.memories.delete(idea!.id, { memory_store_id: fx.store.id });
    expect((await handle.sync()).removedLocal).toBe(1);
    expect(await exists(dir, "new/idea.md")).toBe(false);
  });

  it("simultaneous edits keep the server version in place and the local one in a conflict copy, with a report", async () => {
    const ada = await findMemory(fx.admin, fx.store.id, "people/ada.md");
    await fx.admin.beta.memoryStores.memories.update(ada!.id, { memory_store_id: fx.store.id, content: "Ada Lovelace (server)\n" });
    await writeFile(dir, "people/ada.md", "Ada Byron (local)\n");
    const summary = await handle.sync();
    expect(summary.conflicts).toBe(1);
    expect(await readFile(dir, "people/ada.md")).toBe("Ada Lovelace (server)\n");
    const copies = conflictCopies(dir, "people/ada.md");
    expect(copies).toHaveLength(1);
    expect(await readFile(dir, `people/${copies[0]}`)).toBe("Ada Byron (local)\n");
    expect(reports).toContainEqual({ type: "conflict", path: "people/ada.md", conflictCopy: `people/${copies[0]}` });
    // The copy itself never reaches the server, and the next sync is quiet.
    const again = await handle.sync();
    expect(again).toMatchObject({ pushed: 0, pulled: 0, conflicts: 0 });
    const files = await serverFiles(fx.admin, fx.store.id);
    expect(files.get("people/ada.md")).toBe("Ada Lovelace (server)\n");
    expect([...files.keys()].some((p) => p.includes(".conflict-"))).toBe(false);
  });

  it("a local delete reaches the server only after the delay and a re-check", async () => {
    await fsp.rm(path.join(dir, "todo.md"));
    expect((await handle.sync()).pendingDeletes).toBe(1);
    expect(reports).toContainEqual(expect.objectContaining({ type: "delete_pending", path: "todo.md" }));
    expect((await serverFiles(fx.admin, fx.store.id)).has("todo.md")).toBe(true);
    clock += 1_499;
    expect((await handle.sync()).pendingDeletes).toBe(1);
    expect((await serverFiles(fx.admin, fx.store.id)).has("todo.md")).toBe(true);
    clock += 1;
    expect((await handle.sync()).deletedRemote).toBe(1);
    expect((await serverFiles(fx.admin, fx.store.id)).has("todo.md")).toBe(false);
  });

  it("a file that comes back before the delay cancels the delete", async () => {
    await fsp.rm(path.join(dir, "notes.md"));
    await handle.sync();
    await writeFile(dir, "notes.md", "first\nsecond\n");
    clock += 1_600;
    const summary = await handle.sync();
    expect(summary).toMatchObject({ deletedRemote: 0, pendingDeletes: 0 });
    expect((await serverFiles(fx.admin, fx.store.id)).get("notes.md")).toBe("first\nsecond\n");
  });

  it("skips and reports files the server refuses while the rest keep syncing", async () => {
    await writeFile(dir, "big.md", "x".repeat(200_000));
    await writeFile(dir, "binary.bin", Uint8Array.from([0xff, 0xfe, 0x00, 0xc3]));
    await writeFile(dir, "bad%2e.md", "percent-encoded dot");
    await writeFile(dir, "fine.md", "fine\n");
    const summary = await handle.sync();
    expect(summary).toMatchObject({ pushed: 1, refused: 3 });
    const refused = reports.filter((r) => r.type === "refused");
    expect(refused).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "big.md", status: 413 }),
        expect.objectContaining({ path: "binary.bin", status: null }),
        expect.objectContaining({ path: "bad%2e.md", status: 400 }),
      ]),
    );
    expect((await serverFiles(fx.admin, fx.store.id)).get("fine.md")).toBe("fine\n");
    // Held until the file changes: no retries, no new reports.
    fx.requests.length = 0;
    expect(await handle.sync()).toMatchObject({ refused: 0, held: 3 });
    expect(fx.requests.filter((r) => r.method !== "GET")).toEqual([]);
    await fsp.rm(path.join(dir, "big.md"));
    await fsp.rm(path.join(dir, "binary.bin"));
    await fsp.rm(path.join(dir, "bad%2e.md"));
  });

  it("a read-only mount pulls but never pushes", async () => {
    const roDir = tempDir("ro");
    const roReports: MountReport[] = [];
    const ro = await mountStore({
      client: fx.agent,
      storeId: fx.store.id,
      dir: roDir,
      readOnly: true,
      intervalMs: 0,
      deleteDelayMs: 0,
      onReport: (r) => roReports.push(r),
    });
    expect(await readFile(roDir, "fine.md")).toBe("fine\n");
    await writeFile(roDir, "fine.md", "changed locally\n");
    await writeFile(roDir, "local-only.md", "never leaves\n");
    await fsp.rm(path.join(roDir, "notes.md"));
    fx.requests.length = 0;
    await ro.sync();
    await ro.stop();
    expect(fx.requests.filter((r) => r.method !== "GET")).toEqual([]);
    const files = await serverFiles(fx.admin, fx.store.id);
    expect(files.get("fine.md")).toBe("fine\n");
    expect(files.has("local-only.md")).toBe(false);
    expect(files.has("notes.md")).toBe(true);
    expect(await readFile(roDir, "notes.md")).toBe("first\nsecond\n"); // restored from the server
    expect(roReports).toEqual(
      expect.arrayContaining([
        { type: "read_only", path: "fine.md" },
        { type: "read_only", path: "local-only.md" },
      ]),
    );
  });

  it("with the server unreachable, the final sync retries, gives up after its bound and reports; a later mount pushes", async () => {
    const offDir = tempDir("offline");
    const offReports: MountReport[] = [];
    const off = await mountStore({
      client: fx.agent,
      storeId: fx.store.id,
      dir: offDir,
      sessionId: fx.sessionId,
      intervalMs: 0,
      flushTimeoutMs: 1_000,
      retryBaseMs: 100,
      onReport: (r) => offReports.push(r),
    });
    await writeFile(offDir, "offline.md", "written while offline\n");
    fx.setOffline(true);
    try {
      await expect(off.sync()).rejects.toThrow();
      const started = Date.now();
      expect(await off.stop()).toBeNull();
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      fx.setOffline(false);
    }
    expect(offReports.filter((r) => r.type === "unreachable").length).toBeGreaterThanOrEqual(1);
    expect(offReports).toContainEqual(expect.objectContaining({ type: "flush_incomplete" }));
    expect((await serverFiles(fx.admin, fx.store.id)).has("offline.md")).toBe(false);
    const again = await mountStore({ client: fx.agent, storeId: fx.store.id, dir: offDir, sessionId: fx.sessionId, intervalMs: 0 });
    await again.stop();
    expect((await serverFiles(fx.admin, fx.store.id)).get("offline.md")).toBe("written while offline\n");
  });

  it("syncs on its own timer", async () => {
    const timedDir = tempDir("timer");
    const timed = await mountStore({ client: fx.agent, storeId: fx.store.id, dir: timedDir, sessionId: fx.sessionId, intervalMs: 100 });
    try {
      const fine = await findMemory(fx.admin, fx.store.id, "fine.md");
      await fx.admin.beta.memoryStores.memories.update(fine!.id, { memory_store_id: fx.store.id, content: "fine, timed\n" });
      await expect.poll(() => readFile(timedDir, "fine.md"), { timeout: 5_000 }).toBe("fine, timed\n");
    } finally {
      await timed.stop();
    }
  });
});
