import { mkdtempSync, readdirSync } from "node:fs";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeUtf8, removeLocal, removeStaleTemps, scanDir, sha256, writeAtomic } from "@/mount-client/local-dir";
import { emptyState, loadState, saveState } from "@/mount-client/mount-state";
import { STATE_FILE, tempFileName } from "@/lib/mount/mount-paths";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "engram-mount-unit-"));

describe("mount local dir", () => {
  it("scans synced files only, hashing their bytes", async () => {
    const dir = tmp();
    await writeAtomic(dir, "a.md", "A");
    await writeAtomic(dir, "deep/b.md", "B");
    await fsp.writeFile(path.join(dir, "a.md.conflict-20250102T030405Z"), "copy");
    await fsp.writeFile(path.join(dir, tempFileName("c.md", "x")), "half");
    await saveState(dir, emptyState("memstore_1"));
    expect(Object.fromEntries(await scanDir(dir))).toEqual({ "a.md": sha256("A"), "deep/b.md": sha256("B") });
  });

  it("writes atomically, leaving no temp file, and removes empty parents", async () => {
    const dir = tmp();
    await writeAtomic(dir, "x/y/z.md", "one");
    await writeAtomic(dir, "x/y/z.md", "two");
    expect(readdirSync(path.join(dir, "x/y"))).toEqual(["z.md"]);
    await removeLocal(dir, "x/y/z.md");
    expect(readdirSync(dir)).toEqual([]);
    await expect(writeAtomic(dir, "../escape.md", "no")).rejects.toThrow(/outside/);
  });

  it("cleans temp files a killed mount left", async () => {
    const dir = tmp();
    await writeAtomic(dir, "sub/keep.md", "k");
    await fsp.writeFile(path.join(dir, "sub", tempFileName("keep.md", "dead")), "partial");
    await removeStaleTemps(dir);
    expect(readdirSync(path.join(dir, "sub"))).toEqual(["keep.md"]);
  });

  it("decodes strict UTF-8 and keeps a byte-order mark", () => {
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]))).toBe("\uFEFFA");
    expect(decodeUtf8(Uint8Array.from([0xff, 0x41]))).toBeNull();
  });

  it("loads the saved state and refuses a directory mounted from another store", async () => {
    const dir = tmp();
    expect(await loadState(dir, "memstore_1")).toBeNull();
    await saveState(dir, { ...emptyState("memstore_1"), files: { "a.md": { id: "mem_1", sha: "0".repeat(64) } } });
    expect((await loadState(dir, "memstore_1"))?.files["a.md"]?.id).toBe("mem_1");
    await expect(loadState(dir, "memstore_2")).rejects.toThrow(/mounted from store memstore_1/);
    expect(readdirSync(dir)).toEqual([STATE_FILE]);
  });
});
