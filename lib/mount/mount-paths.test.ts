import { describe, expect, it } from "vitest";
import { backoffMs, conflictCopyPath, fromMemoryPath, isMountPrivate, STATE_FILE, tempFileName, toMemoryPath } from "./mount-paths";

describe("mount paths", () => {
  const at = new Date("2025-01-02T03:04:05.678Z");

  it("names conflict copies beside the file and never syncs them", () => {
    expect(conflictCopyPath("dir/notes.md", at)).toBe("dir/notes.md.conflict-20250102T030405Z");
    const taken = new Set(["a.md.conflict-20250102T030405Z", "a.md.conflict-20250102T030405Z-2"]);
    const copy = conflictCopyPath("a.md", at, (p) => taken.has(p));
    expect(copy).toBe("a.md.conflict-20250102T030405Z-3");
    expect(isMountPrivate(copy)).toBe(true);
    expect(isMountPrivate(conflictCopyPath("x/y.md", at))).toBe(true);
  });

  it("keeps the state file and temp files private, and ordinary files synced", () => {
    expect(isMountPrivate(STATE_FILE)).toBe(true);
    expect(isMountPrivate(`sub/${tempFileName("a.md", "x1")}`)).toBe(true);
    expect(isMountPrivate("sub/.engram-mount.json")).toBe(false);
    expect(isMountPrivate("notes.md")).toBe(false);
    expect(isMountPrivate("notes.conflict.md")).toBe(false);
  });

  it("maps relative paths to memory paths and back", () => {
    expect(toMemoryPath("a/b.md")).toBe("/a/b.md");
    expect(fromMemoryPath("/a/b.md")).toBe("a/b.md");
  });

  it("backs off by doubling up to a cap", () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffMs(n, 500, 5_000))).toEqual([500, 1_000, 2_000, 4_000, 5_000]);
  });
});
