import { describe, expect, it } from "vitest";
import { expandAll, expandToToken, mergeSpans } from "./secret-token";

const span = (text: string, needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });
const cut = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

describe("expandToToken", () => {
  it("widens a key prefix to the whole key", () => {
    const text = "Use key sk-live-4f9a2c7e1b8d3f6a0e5c9b2d7a1f4e8c51d0 for billing.";
    expect(cut(text, expandToToken(text, span(text, "sk-live-")))).toBe("sk-live-4f9a2c7e1b8d3f6a0e5c9b2d7a1f4e8c51d0");
  });
  it("widens a middle fragment both ways and keeps = padding", () => {
    const text = 'token="aGVsbG8td29ybGQ/x+y~z=="; next';
    expect(cut(text, expandToToken(text, span(text, "8td29")))).toBe("aGVsbG8td29ybGQ/x+y~z==");
  });
  it("stops at spaces, quotes, colons and line ends", () => {
    const text = "a:b\nkey: abc";
    expect(cut(text, expandToToken(text, span(text, "abc")))).toBe("abc");
    expect(cut(text, expandToToken(text, span(text, "b")))).toBe("b");
  });
  it("never widens past the stop character (a path's slash)", () => {
    const text = "/notes/sk-live-abc.md/x";
    expect(cut(text, expandToToken(text, span(text, "sk-live-"), "/"))).toBe("sk-live-abc.md");
    expect(cut(text, expandToToken(text, span(text, "sk-live-")))).toBe(text);
  });
  it("keeps a match already the whole token", () => {
    const text = "x AKIAABCDEFGHIJKLMNOP y";
    expect(cut(text, expandToToken(text, span(text, "AKIAABCDEFGHIJKLMNOP")))).toBe("AKIAABCDEFGHIJKLMNOP");
  });
});

describe("mergeSpans / expandAll", () => {
  it("merges overlapping and touching spans", () => {
    expect(
      mergeSpans([
        { start: 5, end: 8 },
        { start: 0, end: 3 },
        { start: 3, end: 4 },
        { start: 6, end: 10 },
      ]),
    ).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 10 },
    ]);
  });
  it("two matches in one token become one span", () => {
    const text = "k=abcXYZabcXYZ end";
    expect(
      expandAll(text, [
        { start: 2, end: 5 },
        { start: 8, end: 11 },
      ]).map((s) => cut(text, s)),
    ).toEqual(["abcXYZabcXYZ"]);
  });
});
