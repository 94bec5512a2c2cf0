import { describe, expect, it } from "vitest";
import { accessAt, grantsAccessAt, literalPrefix, parsePathPattern, patternMatches } from "./path-grants";

describe("path patterns", () => {
  it("matches exact paths, * within a segment and ** across segments", () => {
    expect(patternMatches("/preferences.json", "/preferences.json")).toBe(true);
    expect(patternMatches("/preferences.json", "/preferences.jsonx")).toBe(false);
    expect(patternMatches("/journal/**", "/journal/2026/12/01.md")).toBe(true);
    expect(patternMatches("/journal/**", "/journal")).toBe(false);
    expect(patternMatches("/journal/**", "/journalx/a.md")).toBe(false);
    expect(patternMatches("/notes/*.md", "/notes/a.md")).toBe(true);
    expect(patternMatches("/notes/*.md", "/notes/a/b.md")).toBe(false);
    expect(patternMatches("/**/secret.md", "/a/b/secret.md")).toBe(true);
  });
  it("refuses malformed patterns", () => {
    expect(parsePathPattern("journal/**").ok).toBe(false);
    expect(parsePathPattern("/a/**b").ok).toBe(false);
    expect(parsePathPattern("/a//b").ok).toBe(false);
    expect(parsePathPattern("/a/../b").ok).toBe(false);
    expect(parsePathPattern("/journal/**").ok).toBe(true);
  });
  it("lets the most specific pattern win", () => {
    const rules = [
      { pattern: "/**", access: "read_only" as const },
      { pattern: "/journal/**", access: "read_write" as const },
      { pattern: "/journal/locked.md", access: "read_only" as const },
      { pattern: "/journal/drafts/**", access: "propose" as const },
    ];
    expect(accessAt(rules, "/readme.md")).toBe("read_only");
    expect(accessAt(rules, "/journal/a.md")).toBe("read_write");
    expect(accessAt(rules, "/journal/locked.md")).toBe("read_only");
    expect(accessAt(rules, "/journal/drafts/x.md")).toBe("propose");
    expect(accessAt([{ pattern: "/journal/**", access: "read_write" }], "/other.md")).toBeNull();
  });
  it("combines an agent's grant with the all-agents grant, the stronger winning", () => {
    const grants = [
      { access: "read_only" as const, paths: [] },
      { access: "read_only" as const, paths: [{ pattern: "/journal/**", access: "read_write" as const }] },
    ];
    expect(grantsAccessAt(grants, "/journal/a.md")).toBe("read_write");
    expect(grantsAccessAt(grants, "/b.md")).toBe("read_only");
    expect(literalPrefix("/journal/**")).toBe("/journal/");
    expect(literalPrefix("/notes/*.md")).toBe("/notes/");
    expect(literalPrefix("/a.md")).toBe("/a.md");
  });
});
