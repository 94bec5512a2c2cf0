import { describe, expect, it } from "vitest";
import { findSearchHit, SNIPPET_CHARS } from "./search-hit";

describe("findSearchHit", () => {
  it("finds the first line with a match and the ranges of every match on it", () => {
    const hit = findSearchHit("# Notes\nthe Retry policy: retry twice\nretry again", [["retry"]]);
    expect(hit).toEqual({
      line: 2,
      snippet: "the Retry policy: retry twice",
      highlights: [
        [4, 9],
        [18, 23],
      ],
    });
  });

  it("matches a term's tokens in a row, the last as a prefix", () => {
    const hit = findSearchHit("key api\nset API_KEYS here", [["api", "key"]]);
    expect(hit).toEqual({ line: 2, snippet: "set API_KEYS here", highlights: [[4, 12]] });
  });

  it("cuts a long line around the first match and keeps the ranges inside the snippet", () => {
    const line = `${"word ".repeat(100)}needle ${"tail ".repeat(100)}`;
    const hit = findSearchHit(line, [["needle"]])!;
    expect(hit.snippet.length).toBe(SNIPPET_CHARS);
    const [start, end] = hit.highlights[0];
    expect(hit.snippet.slice(start, end)).toBe("needle");
  });

  it("answers null when nothing matches", () => {
    expect(findSearchHit("nothing here", [["absent"]])).toBeNull();
  });
});
