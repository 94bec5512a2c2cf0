import { describe, expect, it } from "vitest";
import { mergeLines } from "./merge-lines";

const base = "a\nb\nc\nd\ne\n";

describe("mergeLines", () => {
  it("applies changes to different lines from both sides", () => {
    expect(mergeLines(base, "A\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\n")).toBe("A\nb\nc\nd\nE\n");
  });
  it("keeps one copy of the same change made on both sides", () => {
    expect(mergeLines(base, "a\nB\nc\nd\ne\n", "a\nB\nc\nd\ne\n")).toBe("a\nB\nc\nd\ne\n");
  });
  it("refuses different changes to the same line", () => {
    expect(mergeLines(base, "a\nX\nc\nd\ne\n", "a\nY\nc\nd\ne\n")).toBeNull();
  });
  it("refuses two different insertions at one place", () => {
    expect(mergeLines(base, "a\nx\nb\nc\nd\ne\n", "a\ny\nb\nc\nd\ne\n")).toBeNull();
  });
  it("merges an append with an edit at the top, and keeps a missing final newline", () => {
    expect(mergeLines("a\nb", "z\nb", "a\nb\nc")).toBe("z\nb\nc");
  });
});
