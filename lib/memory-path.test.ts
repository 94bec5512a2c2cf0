import { describe, expect, it } from "vitest";
import { depthBelow, isUnderPrefix, parentDirs, parseMemoryPath, parsePathPrefix, pathsOverlap, rollupPrefix } from "./memory-path";

function message(input: unknown): string {
  const r = parseMemoryPath(input);
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return r.message;
}

describe("parseMemoryPath", () => {
  it.each(["/a", "/notes/todo.md", "/Notes/TODO.md", "/é.md", "/a b/c-d_e.f", "/日本語/メモ.md", "/x/%20y", "/...", "/.hidden"])("accepts %s unchanged", (p) =>
    expect(parseMemoryPath(p)).toEqual({ ok: true, path: p }),
  );

  it("accepts 20 segments and 1,024 bytes, refuses more", () => {
    const twenty = "/" + Array.from({ length: 20 }, () => "s").join("/");
    expect(parseMemoryPath(twenty).ok).toBe(true);
    expect(message(twenty + "/s")).toBe("Path must have at most 20 segments (it has 21).");
    const long = "/" + "a".repeat(1023);
    expect(parseMemoryPath(long).ok).toBe(true);
    expect(message(long + "a")).toBe("Path must be at most 1,024 bytes in UTF-8 (it is 1,025).");
    expect(message("/" + "é".repeat(512))).toBe("Path must be at most 1,024 bytes in UTF-8 (it is 1,025).");
  });

  it("refuses non-strings, empty and relative paths", () => {
    expect(message(undefined)).toBe("Path must be a string.");
    expect(message(3)).toBe("Path must be a string.");
    expect(message("")).toBe("Path must not be empty.");
    expect(message("a/b")).toBe('Path must start with "/".');
    expect(message("/")).toBe('Path must name a file below "/".');
    expect(message("/a/")).toBe('Path must name a file, so it must not end with "/".');
  });

  it("refuses empty, . and .. segments", () => {
    expect(message("//a")).toBe('Path must not contain empty segments ("//").');
    expect(message("/a//b")).toBe('Path must not contain empty segments ("//").');
    expect(message("/a/./b")).toBe('Path must not contain "." or ".." segments.');
    expect(message("/a/../b")).toBe('Path must not contain "." or ".." segments.');
    expect(message("/..")).toBe('Path must not contain "." or ".." segments.');
  });

  it("refuses control, format and separator characters", () => {
    expect(message("/a\u0000b")).toBe("Path must not contain NUL characters.");
    expect(message("/a\nb")).toContain("(found U+000A)");
    expect(message("/a\u007fb")).toContain("(found U+007F)");
    expect(message("/a\u0085b")).toContain("(found U+0085)");
    expect(message("/a\u200bb")).toContain("(found U+200B)");
    expect(message("/a\u202eb")).toContain("(found U+202E)");
    expect(message("/a\ufeffb")).toContain("(found U+FEFF)");
    expect(message("/a\u2028b")).toContain("(found U+2028)");
    expect(message("/a\u2029b")).toContain("(found U+2029)");
    expect(message("/a\ud800b")).toBe("Path must be valid Unicode (it contains an unpaired surrogate).");
  });

  it("refuses non-NFC input instead of normalising it", () => {
    expect(message("/e\u0301.md")).toBe("Path must be in Unicode Normalization Form C (NFC); normalize it before sending.");
    expect(parseMemoryPath("/\u00e9.md").ok).toBe(true);
  });

  it("refuses traversal encodings", () => {
    expect(message("/a\\b")).toBe('Path must not contain backslashes; use "/" to separate segments.');
    for (const enc of ["%2e", "%2E", "%2f", "%2F", "%5c", "%5C"]) {
      expect(message(`/a/${enc}${enc}/b`)).toBe("Path must not contain percent-encoded dots, slashes or backslashes (%2e, %2f, %5c).");
    }
    const lookAlikes = [0xff0e, 0xff0f, 0xff3c, 0x2215, 0x2216, 0x2044, 0x29f8, 0x2024, 0x2025, 0x2026, 0xfe52, 0xfe68];
    for (const cp of lookAlikes) {
      const hex = cp.toString(16).toUpperCase();
      expect(message(`/a${String.fromCodePoint(cp)}b`)).toBe(`Path must not contain U+${hex}, which looks like a dot or a slash.`);
    }
  });
});

describe("parsePathPrefix", () => {
  it("accepts / and directory prefixes", () => {
    expect(parsePathPrefix("/")).toEqual({ ok: true, path: "/" });
    expect(parsePathPrefix("/notes/")).toEqual({ ok: true, path: "/notes/" });
  });

  it("refuses prefixes without a trailing slash or breaking path rules", () => {
    const msg = (v: unknown) => {
      const r = parsePathPrefix(v);
      return r.ok ? "" : r.message;
    };
    expect(msg("/notes")).toBe('Path prefix must end with "/".');
    expect(msg("notes/")).toBe('Path prefix must start with "/".');
    expect(msg("//")).toBe('Path prefix must not contain empty segments ("//").');
    expect(msg("/../")).toBe('Path prefix must not contain "." or ".." segments.');
    expect(msg("/a%2F/")).toContain("percent-encoded");
    expect(msg(null)).toBe("Path prefix must be a string.");
  });
});

describe("path relations", () => {
  it("isUnderPrefix matches whole segments", () => {
    expect(isUnderPrefix("/notes/a", "/notes/")).toBe(true);
    expect(isUnderPrefix("/notes/a/b", "/notes/")).toBe(true);
    expect(isUnderPrefix("/notes-x/a", "/notes/")).toBe(false);
    expect(isUnderPrefix("/notes", "/notes/")).toBe(false);
    expect(isUnderPrefix("/a", "/")).toBe(true);
    expect(isUnderPrefix("/notes/a", "/notes")).toBe(true);
  });

  it("pathsOverlap detects equality and ancestry", () => {
    expect(pathsOverlap("/notes", "/notes/todo.md")).toBe(true);
    expect(pathsOverlap("/notes/todo.md", "/notes")).toBe(true);
    expect(pathsOverlap("/a/b", "/a/b")).toBe(true);
    expect(pathsOverlap("/notes", "/notes-x/todo.md")).toBe(false);
    expect(pathsOverlap("/a/b", "/a/c")).toBe(false);
  });

  it("parentDirs lists ancestors from the root", () => {
    expect(parentDirs("/a/b/c.md")).toEqual(["/", "/a/", "/a/b/"]);
    expect(parentDirs("/c.md")).toEqual(["/"]);
  });

  it("depthBelow counts segments below a prefix", () => {
    expect(depthBelow("/a/b/c.md", "/a/")).toBe(2);
    expect(depthBelow("/a/b/c.md", "/")).toBe(3);
    expect(depthBelow("/a/b.md", "/a/")).toBe(1);
    expect(depthBelow("/x/b.md", "/a/")).toBeNull();
  });

  it("rollupPrefix returns the directory standing for deeper memories", () => {
    expect(rollupPrefix("/a/b/c.md", "/", 1)).toBe("/a/");
    expect(rollupPrefix("/a/b/c.md", "/", 2)).toBe("/a/b/");
    expect(rollupPrefix("/a/b/c.md", "/", 3)).toBeNull();
    expect(rollupPrefix("/a/b/c.md", "/a/", 1)).toBe("/a/b/");
    expect(rollupPrefix("/a/top.md", "/a/", 1)).toBeNull();
    expect(rollupPrefix("/a/b/c.md", "/", 0)).toBeNull();
    expect(rollupPrefix("/x/b/c.md", "/a/", 1)).toBeNull();
  });
});
