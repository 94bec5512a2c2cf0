// `npm run cli -- mount` as a child process against a real Engram: a final sync on SIGTERM,
// and SIGKILL in the middle of a sync (upload and download) loses nothing on restart.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MountReport } from "@/mount-client/mount-store";
import { startApiServer, type RunningApi } from "./helpers/api-server";
import { findMemory, mountFixture, readFile, serverFiles, tempDir, writeFile } from "./mount-helpers";

const root = path.resolve(import.meta.dirname, "../..");
let api: RunningApi;
let fx: Awaited<ReturnType<typeof mountFixture>>;

type Mount = { child: ChildProcess; reports: MountReport[]; exit: Promise<number | null>; stderr: () => string; killHard: () => Promise<void> };

function spawnMount(storeId: string, dir: string, extra: string[] = []): Mount {
  const tsx = path.join(root, "node_modules/.bin/tsx");
  const child = spawn(
    tsx,
    [
      "--import",
      "./scripts/server-only-hook.mjs",
      "scripts/cli.ts",
      "mount",
      "--store",
      storeId,
      "--dir",
      dir,
      "--session",
      fx.sessionId,
      "--interval",
      "0.2",
      ...extra,
    ],
    {
      cwd: root,
      env: { ...process.env, ENGRAM_URL: api.baseURL, ENGRAM_API_KEY: fx.tenant.agentKey },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: tsx runs the script in a child node process, and SIGKILL is not relayed.
      detached: true,
    },
  );
  const reports: MountReport[] = [];
  let buffered = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) if (line.trim()) reports.push(JSON.parse(line));
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const killHard = async () => {
    process.kill(-child.pid!, "SIGKILL");
    await exit;
    await expect.poll(() => groupAlive(child.pid!), { timeout: 5_000, interval: 20 }).toBe(false);
  };
  return { child, reports, exit, stderr: () => stderr, killHard };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

const count = (m: Mount, type: MountReport["type"]) => m.reports.filter((r) => r.type === type).length;
const ready = (m: Mount) => expect.poll(() => m.stderr(), { timeout: 30_000, interval: 50 }).toContain("Mounted");

beforeAll(async () => {
  api = await startApiServer();
  fx = await mountFixture(api, "mount-cli");
});
afterAll(() => api.close());

describe("npm run cli -- mount", () => {
  it("downloads, pushes an edit attributed to the session, and runs a final sync on SIGTERM", async () => {
    await fx.admin.beta.memoryStores.memories.create(fx.store.id, { path: "/hello.md", content: "hello\n" });
    const dir = tempDir("cli");
    const mount = spawnMount(fx.store.id, dir, ["--interval", "3600"]);
    await ready(mount);
    expect(await readFile(dir, "hello.md")).toBe("hello\n");
    await writeFile(dir, "hello.md", "hello from the agent's files\n");
    mount.child.kill("SIGTERM");
    expect(await mount.exit).toBe(0);
    const memory = await findMemory(fx.admin, fx.store.id, "hello.md");
    const read = await fx.admin.beta.memoryStores.memories.retrieve(memory!.id, { memory_store_id: fx.store.id });
    expect(read.content).toBe("hello from the agent's files\n");
    const version = await fx.admin.beta.memoryStores.memoryVersions.retrieve(read.memory_version_id, { memory_store_id: fx.store.id });
    expect(version.created_by).toEqual({ type: "session_actor", session_id: fx.sessionId });
  });

  it("SIGKILL in the middle of an upload loses nothing on restart", async () => {
    const store = await fx.admin.beta.memoryStores.create({ name: "kill-upload" });
    await fx.tenant.grant(store.id, fx.tenant.agent.id, "read_write");
    const dir = tempDir("kill-up");
    const N = 300;
    for (let i = 0; i < N; i++) await writeFile(dir, `batch/f${String(i).padStart(3, "0")}.md`, `file ${i}\n`);

    const first = spawnMount(store.id, dir);
    await expect.poll(() => count(first, "pushed"), { timeout: 30_000, interval: 10 }).toBeGreaterThanOrEqual(10);
    await first.killHard();
    const before = await serverFiles(fx.admin, store.id);
    expect(before.size).toBeLessThan(N); // really mid-sync

    const second = spawnMount(store.id, dir);
    await expect.poll(async () => (await serverFiles(fx.admin, store.id)).size, { timeout: 60_000, interval: 200 }).toBe(N);
    second.child.kill("SIGTERM");
    expect(await second.exit).toBe(0);
    const after = await serverFiles(fx.admin, store.id);
    for (let i = 0; i < N; i++) expect(after.get(`batch/f${String(i).padStart(3, "0")}.md`)).toBe(`file ${i}\n`);
    expect(readdirSync(path.join(dir, "batch")).filter((n) => !n.endsWith(".md"))).toEqual([]); // no conflict copies, no temp files
    expect(count(second, "conflict")).toBe(0);
  });

  it("SIGKILL in the middle of a download loses nothing on restart", async () => {
    const store = await fx.admin.beta.memoryStores.create({ name: "kill-download" });
    await fx.tenant.grant(store.id, fx.tenant.agent.id, "read_write");
    const N = 300;
    for (let i = 0; i < N; i++) await fx.admin.beta.memoryStores.memories.create(store.id, { path: `/m/${i}.md`, content: `memory ${i}\n` });
    const dir = tempDir("kill-down");

    const first = spawnMount(store.id, dir);
    await expect.poll(() => count(first, "pulled"), { timeout: 30_000, interval: 5 }).toBeGreaterThanOrEqual(5);
    await first.killHard();
    const onDisk = () => readdirSync(path.join(dir, "m")).filter((n) => n.endsWith(".md")).length;
    expect(onDisk()).toBeLessThan(N);

    const second = spawnMount(store.id, dir);
    await ready(second);
    second.child.kill("SIGTERM");
    expect(await second.exit).toBe(0);
    expect(onDisk()).toBe(N);
    for (let i = 0; i < N; i++) expect(await readFile(dir, `m/${i}.md`)).toBe(`memory ${i}\n`);
    expect((await serverFiles(fx.admin, store.id)).size).toBe(N); // nothing deleted or duplicated
    expect(count(second, "pushed") + count(second, "conflict") + count(second, "deleted_remote")).toBe(0);
  });

  it("refuses to start without a key or a directory", async () => {
    const child = spawn(
      path.join(root, "node_modules/.bin/tsx"),
      ["--import", "./scripts/server-only-hook.mjs", "scripts/cli.ts", "mount", "--store", fx.store.id],
      {
        cwd: root,
        env: { ...process.env, ENGRAM_API_KEY: "" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(2);
  });
});
