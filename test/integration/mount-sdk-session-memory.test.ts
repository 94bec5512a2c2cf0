// The official SDK's own session memory sync (`SessionMemoryStores` from
// @anthropic-ai/sdk/tools/agent-toolset/node, the class the SDK's EnvironmentWorker runs)
// pointed at Engram with the minimal session object it reads: `resources[]` naming an Engram
// store. Same cases as the mount tests, as far as the SDK supports them; where its rules differ
// from Engram's mount (conflicts, restarts) the test pins what it does.
import Anthropic from "@anthropic-ai/sdk";
import type { BetaManagedAgentsSession } from "@anthropic-ai/sdk/resources/beta/sessions/sessions";
import { MARKER_PATH, SessionMemoryError, SessionMemoryStores } from "@anthropic-ai/sdk/tools/agent-toolset/node";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import {
  contentRequests,
  exists,
  findMemory,
  mountFixture,
  seedStartingFiles,
  readFile,
  serverFiles,
  tempDir,
  writeFile,
  type RequestLog,
} from "./mount-helpers";

let api: RunningApi;
let fx: Awaited<ReturnType<typeof mountFixture>>;
let client: Anthropic;
const requests: RequestLog = [];
const warnings: string[] = [];
let workdir: string;
let mountPath: string;
let stores: SessionMemoryStores;

/** `syncAll` is the SDK's @internal deterministic driver (what `syncIfDue` calls once due). */
const syncNow = (s: SessionMemoryStores, final = false) => (s as unknown as { syncAll(final: boolean): Promise<void> }).syncAll(final);

/** The fields of a Managed Agents session that SessionMemoryStores.download reads. */
function sessionWith(storeId: string, access: "read_write" | "read_only", mount: string): BetaManagedAgentsSession {
  return {
    id: fx.sessionId,
    type: "session",
    resources: [{ type: "memory_store", memory_store_id: storeId, access, mount_path: mount, name: "engram" }],
  } as unknown as BetaManagedAgentsSession;
}

beforeAll(async () => {
  api = await startApiServer();
  fx = await mountFixture(api, "sdk-sync");
  await seedStartingFiles(fx);
  // As the worker would, with the agent's key and the session header so writes land in the session.
  const log =
    (level: string) =>
    (message: string, ...rest: unknown[]) => {
      if (level === "warn") warnings.push(`${message} ${JSON.stringify(rest)}`);
    };
  client = new Anthropic({
    baseURL: api.baseURL,
    apiKey: fx.tenant.agentKey,
    maxRetries: 0,
    defaultHeaders: { "x-engram-session-id": fx.sessionId },
    logLevel: "warn",
    logger: { error: log("error"), warn: log("warn"), info: log("info"), debug: log("debug") },
    fetch: async (input, init) => {
      requests.push({ method: init?.method ?? "GET", url: typeof input === "string" ? input : input instanceof URL ? input.href : input.url });
      return fetch(input, init);
    },
  });
  workdir = tempDir("sdk");
  mountPath = path.join(workdir, "mnt", "memory");
  stores = new SessionMemoryStores(client, { workdir, syncIntervalMs: 5_000 });
  await stores.download(sessionWith(fx.store.id, "read_write", mountPath));
});
afterAll(async () => {
  vi.restoreAllMocks();
  await api.close();
});

describe("SDK SessionMemoryStores against Engram", () => {
  it("downloads the store into mount_path, with the SDK's marker file that never syncs", async () => {
    expect(stores.roots).toEqual([mountPath]);
    expect(await readFile(mountPath, "notes.md")).toBe("first\n");
    expect(await readFile(mountPath, "people/ada.md")).toBe("Ada\n");
    expect(await exists(mountPath, MARKER_PATH)).toBe(true);
    await syncNow(stores);
    expect((await serverFiles(fx.admin, fx.store.id)).has(MARKER_PATH)).toBe(false);
  });

  it("an idle sync moves no content", async () => {
    requests.length = 0;
    await syncNow(stores);
    expect(contentRequests(requests)).toEqual([]);
    expect(requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("an edit on disk is uploaded with a precondition and attributed to the session", async () => {
    await writeFile(mountPath, "notes.md", "first\nsecond\n");
    await writeFile(mountPath, "new.md", "new file\n");
    await syncNow(stores);
    const files = await serverFiles(fx.admin, fx.store.id);
    expect(files.get("notes.md")).toBe("first\nsecond\n");
    expect(files.get("new.md")).toBe("new file\n");
    const notes = await fx.admin.beta.memoryStores.memories.retrieve((await findMemory(fx.admin, fx.store.id, "notes.md"))!.id, {
      memory_store_id: fx.store.id,
    });
    const version = await fx.admin.beta.memoryStores.memoryVersions.retrieve(notes.memory_version_id, { memory_store_id: fx.store.id });
    expect(version.created_by).toEqual({ type: "session_actor", session_id: fx.sessionId });
  });

  it("an edit through the API is written to disk, fetching only that memory", async () => {
    const todo = await findMemory(fx.admin, fx.store.id, "todo.md");
    await fx.admin.beta.memoryStores.memories.update(todo!.id, { memory_store_id: fx.store.id, content: "- one\n- two\n" });
    requests.length = 0;
    await syncNow(stores);
    expect(await readFile(mountPath, "todo.md")).toBe("- one\n- two\n");
    expect(contentRequests(requests)).toHaveLength(1);
  });

  it("simultaneous edits: the server version stays and the SDK drops the local edit (no conflict copy, only a warning)", async () => {
    const ada = await findMemory(fx.admin, fx.store.id, "people/ada.md");
    await fx.admin.beta.memoryStores.memories.update(ada!.id, { memory_store_id: fx.store.id, content: "Ada (server)\n" });
    await writeFile(mountPath, "people/ada.md", "Ada (local)\n");
    warnings.length = 0;
    await syncNow(stores);
    expect((await serverFiles(fx.admin, fx.store.id)).get("people/ada.md")).toBe("Ada (server)\n");
    expect(await readFile(mountPath, "people/ada.md")).toBe("Ada (server)\n");
    expect((await fsp.readdir(path.join(mountPath, "people"))).sort()).toEqual(["ada.md"]);
    expect(warnings.join("\n")).toContain("changed both locally and remotely");
  });

  it("a local delete reaches the server only after the SDK's 30 s delay and a re-check", async () => {
    await fsp.rm(path.join(mountPath, "todo.md"));
    await syncNow(stores);
    expect((await serverFiles(fx.admin, fx.store.id)).has("todo.md")).toBe(true);
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, "now").mockImplementation(() => realNow() + 31_000);
    try {
      await syncNow(stores);
    } finally {
      vi.restoreAllMocks();
    }
    expect((await serverFiles(fx.admin, fx.store.id)).has("todo.md")).toBe(false);
  });

  it("a memory deleted through the API is removed from disk", async () => {
    const item = await findMemory(fx.admin, fx.store.id, "new.md");
    await fx.admin.beta.memoryStores.memories.delete(item!.id, { memory_store_id: fx.store.id });
    await syncNow(stores);
    expect(await exists(mountPath, "new.md")).toBe(false);
  });

  it("a file Engram refuses (413, invalid path) is skipped and warned while the rest sync", async () => {
    await writeFile(mountPath, "big.md", "x".repeat(200_000));
    await writeFile(mountPath, "bad%2e.md", "percent-encoded dot");
    await writeFile(mountPath, "fine.md", "fine\n");
    warnings.length = 0;
    await syncNow(stores);
    const files = await serverFiles(fx.admin, fx.store.id);
    expect(files.get("fine.md")).toBe("fine\n");
    expect(files.has("big.md") || files.has("bad%2e.md")).toBe(false);
    expect(warnings.filter((w) => w.includes("rejected this memory file"))).toHaveLength(2);
    await fsp.rm(path.join(mountPath, "big.md"));
    await fsp.rm(path.join(mountPath, "bad%2e.md"));
  });

  it("a store attached read_only pulls but never pushes", async () => {
    const roPath = path.join(workdir, "ro", "memory");
    const ro = new SessionMemoryStores(client, { workdir });
    await ro.download(sessionWith(fx.store.id, "read_only", roPath));
    expect(ro.readOnlyRoots).toEqual([roPath]);
    await writeFile(roPath, "fine.md", "changed locally\n");
    await writeFile(roPath, "local-only.md", "never leaves\n");
    requests.length = 0;
    await syncNow(ro);
    await ro.flushWrites();
    expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect((await serverFiles(fx.admin, fx.store.id)).get("fine.md")).toBe("fine\n");
    await ro.dispose();
  });

  it("has no restart: its baseline lives in memory, and a second download refuses the existing folder", async () => {
    const again = new SessionMemoryStores(client, { workdir });
    await expect(again.download(sessionWith(fx.store.id, "read_write", mountPath))).rejects.toBeInstanceOf(SessionMemoryError);
    // The original instance still pushes what is left through its bounded rescue pass.
    await writeFile(mountPath, "rescued.md", "flushed at teardown\n");
    await stores.flushWrites(AbortSignal.timeout(10_000));
    expect((await serverFiles(fx.admin, fx.store.id)).get("rescued.md")).toBe("flushed at teardown\n");
  });

  it("finish() runs the last sync once; dispose() removes the folder it created", async () => {
    await writeFile(mountPath, "last.md", "last words\n");
    await stores.finish();
    await expect(stores.finish()).rejects.toThrow(/already called/);
    expect((await serverFiles(fx.admin, fx.store.id)).get("last.md")).toBe("last words\n");
    await stores.dispose();
    expect(await exists(mountPath, "")).toBe(false);
  });
});
