import { describe, expect, it } from "vitest";
import { blame } from "./blame";

const owners = (versions: { id: string; content: string | null }[]) => blame(versions).map((b) => `${b.versionId}:${b.line}`);

describe("blame", () => {
  it("returns nothing for no versions or an empty newest version", () => {
    expect(blame([])).toEqual([]);
    expect(
      blame([
        { id: "v1", content: "a\n" },
        { id: "v2", content: "" },
      ]),
    ).toEqual([]);
  });

  it("attributes every line of a single version to it", () => {
    expect(blame([{ id: "v1", content: "a\nb\n" }])).toEqual([
      { line: "a", versionId: "v1" },
      { line: "b", versionId: "v1" },
    ]);
  });

  it("carries attributions through edits", () => {
    expect(
      owners([
        { id: "v1", content: "a\nb\nc\n" },
        { id: "v2", content: "a\nB\nc\n" },
        { id: "v3", content: "top\na\nB\nc\nend\n" },
        { id: "v4", content: "top\nB\nc\nend\n" },
      ]),
    ).toEqual(["v3:top", "v2:B", "v1:c", "v3:end"]);
  });

  it("attributes a line reintroduced after removal to the reintroducing version", () => {
    expect(
      owners([
        { id: "v1", content: "a\nb\n" },
        { id: "v2", content: "a\n" },
        { id: "v3", content: "a\nb\n" },
      ]),
    ).toEqual(["v1:a", "v3:b"]);
  });

  it("restarts after a deleted or redacted (null) version", () => {
    expect(
      owners([
        { id: "v1", content: "a\nb\n" },
        { id: "v2", content: null },
        { id: "v3", content: "a\nb\n" },
        { id: "v4", content: "a\nb\nc" },
      ]),
    ).toEqual(["v3:a", "v3:b", "v4:c"]);
  });

  it("handles a file without trailing newline and duplicate lines", () => {
    expect(
      owners([
        { id: "v1", content: "x\nx\nx" },
        { id: "v2", content: "x\ny\nx\nx" },
      ]),
    ).toEqual(["v1:x", "v2:y", "v1:x", "v1:x"]);
  });

  it("handles 1,000 versions of a 200-line file", () => {
    let lines = Array.from({ length: 200 }, (_, i) => `line ${i}`);
    const versions = [{ id: "v0", content: lines.join("\n") }];
    for (let v = 1; v < 1000; v++) {
      lines = lines.slice();
      lines[(v * 37) % 200] = `edit ${v}`;
      versions.push({ id: `v${v}`, content: lines.join("\n") });
    }
    const result = blame(versions);
    expect(result).toHaveLength(200);
    expect(result[(999 * 37) % 200]).toEqual({
      line: "edit 999",
      versionId: "v999",
    });
    for (const { line, versionId } of result) {
      expect(line.startsWith("edit ") ? `v${line.slice(5)}` : "v0").toBe(versionId);
    }
  });
});
