// Memory path rules of the Managed Agents memory API, plus refusals of encodings that
// other layers (URL decoders, Windows, look-alike glyphs) could turn into traversal.

export type PathResult = { ok: true; path: string } | { ok: false; message: string };

const MAX_SEGMENTS = 20;
const MAX_BYTES = 1024;

const LOOK_ALIKES = new Set([0xff0e, 0xff0f, 0xff3c, 0x2215, 0x2216, 0x2044, 0x29f8, 0x2024, 0x2025, 0x2026, 0xfe52, 0xfe68]);
const PERCENT_TRAVERSAL = /%(2e|2f|5c)/i;
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const LONE_SURROGATE = /\p{Cs}/u;

const encoder = new TextEncoder();

function codePoint(ch: string): string {
  return "U+" + ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
}

function fail(message: string): PathResult {
  return { ok: false, message };
}

function checkCharacters(input: string, what: string): string | null {
  if (input.includes("\0")) return `${what} must not contain NUL characters.`;
  if (input.includes("\\")) return `${what} must not contain backslashes; use "/" to separate segments.`;
  if (PERCENT_TRAVERSAL.test(input)) {
    return `${what} must not contain percent-encoded dots, slashes or backslashes (%2e, %2f, %5c).`;
  }
  for (const ch of input) {
    if (LOOK_ALIKES.has(ch.codePointAt(0)!)) {
      return `${what} must not contain ${codePoint(ch)}, which looks like a dot or a slash.`;
    }
  }
  const invisible = INVISIBLE.exec(input);
  if (invisible) {
    return `${what} must not contain control characters, format characters or line/paragraph separators (found ${codePoint(invisible[0])}).`;
  }
  if (LONE_SURROGATE.test(input)) return `${what} must be valid Unicode (it contains an unpaired surrogate).`;
  if (input.normalize("NFC") !== input) {
    return `${what} must be in Unicode Normalization Form C (NFC); normalize it before sending.`;
  }
  const bytes = encoder.encode(input).length;
  if (bytes > MAX_BYTES) return `${what} must be at most 1,024 bytes in UTF-8 (it is ${bytes.toLocaleString("en-US")}).`;
  return null;
}

function checkSegments(segments: string[], what: string): string | null {
  if (segments.length > MAX_SEGMENTS) {
    return `${what} must have at most ${MAX_SEGMENTS} segments (it has ${segments.length}).`;
  }
  if (segments.some((s) => s === "")) return `${what} must not contain empty segments ("//").`;
  if (segments.some((s) => s === "." || s === "..")) return `${what} must not contain "." or ".." segments.`;
  return null;
}

function checkStart(input: unknown, what: string): string | null {
  if (typeof input !== "string") return `${what} must be a string.`;
  if (input === "") return `${what} must not be empty.`;
  if (!input.startsWith("/")) return `${what} must start with "/".`;
  return null;
}

/** A memory (file) path: `/a/b.md`. Never normalises: input that is not already canonical is refused. */
export function parseMemoryPath(input: unknown): PathResult {
  const what = "Path";
  const error = checkStart(input, what);
  if (error) return fail(error);
  const path = input as string;
  const problem =
    checkCharacters(path, what) ??
    (path.length > 1 && path.endsWith("/") ? `${what} must name a file, so it must not end with "/".` : null) ??
    (path === "/" ? `${what} must name a file below "/".` : null) ??
    checkSegments(path.slice(1).split("/"), what);
  return problem ? fail(problem) : { ok: true, path };
}

/** A directory prefix for listing: `/` or `/a/b/` (always ending with `/`). */
export function parsePathPrefix(input: unknown): PathResult {
  const what = "Path prefix";
  const error = checkStart(input, what);
  if (error) return fail(error);
  const prefix = input as string;
  if (!prefix.endsWith("/")) return fail(`${what} must end with "/".`);
  const problem = checkCharacters(prefix, what) ?? (prefix === "/" ? null : checkSegments(prefix.slice(1, -1).split("/"), what));
  return problem ? fail(problem) : { ok: true, path: prefix };
}

function asDir(prefix: string): string {
  return prefix.endsWith("/") ? prefix : prefix + "/";
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** Whole-segment prefix match: `/notes/` matches `/notes/a`, not `/notes-x/a`. */
export function isUnderPrefix(path: string, prefix: string): boolean {
  return path.startsWith(asDir(prefix));
}

/** Equal, or one is an ancestor directory of the other (`/notes` and `/notes/todo.md`). */
export function pathsOverlap(a: string, b: string): boolean {
  const x = trimSlash(a);
  const y = trimSlash(b);
  return x === y || x.startsWith(asDir(y)) || y.startsWith(asDir(x));
}

/** Ancestor directories from the root down, each ending with `/`: `/a/b.md` → [`/`, `/a/`]. */
export function parentDirs(path: string): string[] {
  const segments = trimSlash(path).split("/").slice(1, -1);
  const dirs = ["/"];
  let current = "/";
  for (const segment of segments) {
    current += segment + "/";
    dirs.push(current);
  }
  return dirs;
}

/** Segments of `path` below `prefix` (`/a/b/c.md` below `/a/` is 2), or null when not under it. */
export function depthBelow(path: string, prefix: string): number | null {
  const dir = asDir(prefix);
  if (!path.startsWith(dir) || path.length === dir.length) return null;
  return path.slice(dir.length).split("/").length;
}

/**
 * For a listing with `depth` (0 = unlimited): the `memory_prefix` directory standing for `path`
 * when it lies deeper than `depth` below `prefix`, else null (list the memory itself).
 */
export function rollupPrefix(path: string, prefix: string, depth: number): string | null {
  if (depth <= 0) return null;
  const dir = asDir(prefix);
  const below = depthBelow(path, dir);
  if (below === null || below <= depth) return null;
  return dir + path.slice(dir.length).split("/").slice(0, depth).join("/") + "/";
}
