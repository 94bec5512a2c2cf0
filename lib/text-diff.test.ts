import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffStats, lineDiff, splitLines, unifiedDiff } from "./text-diff";

const opts = { oldPath: "a/notes.md", newPath: "b/notes.md" };

// Hunks as `git diff --no-index` prints them, headers stripped.
function gitHunks(oldText: string, newText: string, context = 3): string {
  const dir = mkdtempSync(join(tmpdir(), "engram-diff-"));
  try {
    writeFileSync(join(dir, "old"), oldText);
    writeFileSync(join(dir, "new"), newText);
    let out = "";
    try {
      execFileSync("git", ["diff", "--no-index", "--no-color", `-U${context}`, "old", "new"], { cwd: dir });
    } catch (e) {
      out = String((e as { stdout: Buffer }).stdout);
    }
    // Drop git's function-context heading after the hunk range.
    return out.slice(out.indexOf("@@")).replace(/^(@@ [^@]+ @@).*$/gm, "$1");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ourHunks(oldText: string, newText: string, context = 3): string {
  const out = unifiedDiff(oldText, newText, { ...opts, context });
  return out.slice(out.indexOf("@@"));
}

const lines = (n: number, f: (i: number) => string = (i) => `line ${i}`) => Array.from({ length: n }, (_, i) => f(i + 1)).join("\n") + "\n";

describe("splitLines", () => {
  it("treats a final newline as a terminator", () => {
    expect(splitLines("")).toEqual({ lines: [], endsWithNewline: true });
    expect(splitLines("a\nb\n")).toEqual({
      lines: ["a", "b"],
      endsWithNewline: true,
    });
    expect(splitLines("a\nb")).toEqual({
      lines: ["a", "b"],
      endsWithNewline: false,
    });
    expect(splitLines("\n")).toEqual({ lines: [""], endsWithNewline: true });
  });
});

describe("lineDiff", () => {
  it("returns numbered ops for rendering", () => {
    expect(lineDiff("a\nb\nc\n", "a\nB\nc\nd\n")).toEqual([
      { type: "equal", line: "a", oldNo: 1, newNo: 1 },
      { type: "remove", line: "b", oldNo: 2 },
      { type: "add", line: "B", newNo: 2 },
      { type: "equal", line: "c", oldNo: 3, newNo: 3 },
      { type: "add", line: "d", newNo: 4 },
    ]);
  });

  it("treats a missing final newline as a change of the last line", () => {
    expect(lineDiff("a\nb", "a\nb\n")).toEqual([
      { type: "equal", line: "a", oldNo: 1, newNo: 1 },
      { type: "remove", line: "b", oldNo: 2, noNewline: true },
      { type: "add", line: "b", newNo: 2 },
    ]);
  });

  it("counts stats", () => {
    expect(diffStats(lineDiff("a\nb\nc\n", "a\nx\ny\nc\n"))).toEqual({
      added: 2,
      removed: 1,
    });
    expect(diffStats(lineDiff("", ""))).toEqual({ added: 0, removed: 0 });
  });

  it("diffs 100 kB files with thousands of lines quickly", () => {
    const a = lines(2500, (i) => `line ${i} ${(i * 7) % 9973} lorem ipsum dolor sit amet`);
    const b = lines(2500, (i) => `line ${i} ${(i * 13) % 9973} lorem ipsum dolor sit amet`);
    const c =
      splitLines(a)
        .lines.map((l, i) => (i % 10 === 0 ? `changed ${i}` : l))
        .join("\n") + "\n";
    expect(a.length).toBeGreaterThan(100_000);
    expect(diffStats(lineDiff(a, b)).added).toBeGreaterThan(2000);
    expect(diffStats(lineDiff(a, c))).toEqual({ added: 250, removed: 250 });
    // Shuffled common lines defeat the unique-line shortcut: the worst case for Myers.
    const words = ["}", "", "return x;", "{", "if (a) {", "else"];
    const d = lines(3000, (i) => words[(i * 7919) % 6]);
    const e = lines(3000, (i) => words[(i * 104729 + 3) % 5]);
    const ops = lineDiff(d, e);
    expect(ops.filter((o) => o.type !== "add").length).toBe(3000);
  });
});

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\n", "a\n", opts)).toBe("");
  });

  it("prints file headers and hunks", () => {
    expect(unifiedDiff("a\nb\nc\n", "a\nB\nc\n", opts)).toBe("--- a/notes.md\n+++ b/notes.md\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
  });

  it.each([
    ["single change in the middle", lines(20), lines(20).replace("line 10\n", "LINE 10\n")],
    ["two distant hunks", lines(40), lines(40).replace("line 3\n", "x\n").replace("line 35\n", "y\n")],
    ["changes 6 lines apart merge", lines(30), lines(30).replace("line 10\n", "x\n").replace("line 17\n", "y\n")],
    ["changes 7 lines apart split", lines(30), lines(30).replace("line 10\n", "x\n").replace("line 18\n", "y\n")],
    ["file created", "", "one\ntwo\n"],
    ["file emptied", "one\ntwo\n", ""],
    ["insert at start", lines(5), "new\n" + lines(5)],
    ["append at end", lines(5), lines(5) + "new\n"],
    ["single line", "a\n", "b\n"],
    ["newline added at end", "a\nb", "a\nb\n"],
    ["newline removed at end", "a\nb\n", "a\nb"],
    ["both without newline", "a\nb", "a\nc"],
    ["delete a block", lines(12), lines(12).replace("line 4\nline 5\nline 6\n", "")],
  ])("matches git diff: %s", (_, oldText, newText) => {
    expect(ourHunks(oldText, newText)).toBe(gitHunks(oldText, newText));
  });

  it("matches git diff with other context sizes", () => {
    const a = lines(30);
    const b = a.replace("line 10\n", "x\n").replace("line 14\n", "y\n");
    expect(ourHunks(a, b, 0)).toBe(gitHunks(a, b, 0));
    expect(ourHunks(a, b, 1)).toBe(gitHunks(a, b, 1));
  });
});
