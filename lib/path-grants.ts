// Access levels and path-scoped grants: pure rules shared by the server and the console.

export const accessLevels = ["read_only", "propose", "read_write"] as const;
export type Access = (typeof accessLevels)[number];
export type PathRule = { pattern: string; access: Access };

const rank: Record<Access, number> = { read_only: 1, propose: 2, read_write: 3 };

export function strongest(a: Access | null, b: Access | null): Access | null {
  if (!a) return b;
  if (!b) return a;
  return rank[a] >= rank[b] ? a : b;
}

export const weakest = (a: Access, b: Access): Access => (rank[a] <= rank[b] ? a : b);

/** True when `access` allows at least `needed`. */
export const allows = (access: Access | null, needed: Access) => access !== null && rank[access] >= rank[needed];

export const MAX_PATH_RULES = 32;
const MAX_PATTERN = 1024;

/**
 * A pattern is an absolute path whose segments may be `*` (or contain it: any run of characters
 * within one segment) or be `**` (any number of segments, at least one). `/journal/**` reaches
 * every file below /journal; `/preferences.json` that one file.
 */
export function parsePathPattern(input: string): { ok: true; pattern: string } | { ok: false; message: string } {
  if (typeof input !== "string" || !input.startsWith("/")) return { ok: false, message: "a path pattern must start with /" };
  if (input.length > MAX_PATTERN) return { ok: false, message: `a path pattern may be at most ${MAX_PATTERN} characters` };
  const segments = input.slice(1).split("/");
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === "..") return { ok: false, message: `path pattern ${input} has an empty, . or .. segment` };
    if (segment.includes("**") && segment !== "**") return { ok: false, message: `** must be a whole segment in ${input}` };
    if (segment.includes("\u0000")) return { ok: false, message: "a path pattern must not contain NUL" };
  }
  return { ok: true, pattern: input };
}

function segmentMatches(pattern: string, segment: string): boolean {
  if (!pattern.includes("*")) return pattern === segment;
  const parts = pattern.split("*");
  if (!segment.startsWith(parts[0])) return false;
  let at = parts[0].length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = segment.indexOf(parts[i], at);
    if (found < 0) return false;
    at = found + parts[i].length;
  }
  const last = parts[parts.length - 1];
  return segment.length - at >= last.length && segment.endsWith(last);
}

function matchSegments(pattern: string[], path: string[]): boolean {
  if (pattern.length === 0) return path.length === 0;
  const [head, ...rest] = pattern;
  if (head === "**") {
    for (let take = 1; take <= path.length; take++) if (matchSegments(rest, path.slice(take))) return true;
    return false;
  }
  return path.length > 0 && segmentMatches(head, path[0]) && matchSegments(rest, path.slice(1));
}

export function patternMatches(pattern: string, path: string): boolean {
  return matchSegments(pattern.slice(1).split("/"), path.slice(1).split("/"));
}

/**
 * How specific a pattern is: an exact path beats any wildcard; otherwise the longer literal
 * prefix before the first wildcard wins, then the pattern with fewer wildcards.
 */
export function specificity(pattern: string): number {
  const star = pattern.indexOf("*");
  if (star < 0) return Number.MAX_SAFE_INTEGER;
  const wildcards = pattern.split("*").length - 1;
  return star * 1000 - wildcards;
}

/** The access the most specific matching rule gives `path`, or null when none matches. */
export function accessAt(rules: readonly PathRule[], path: string): Access | null {
  let best: PathRule | null = null;
  for (const rule of rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    if (
      !best ||
      specificity(rule.pattern) > specificity(best.pattern) ||
      (specificity(rule.pattern) === specificity(best.pattern) && rank[rule.access] > rank[best.access])
    )
      best = rule;
  }
  return best?.access ?? null;
}

/** The literal directory prefix of a pattern (up to its first wildcard segment), for narrowing a query. */
export function literalPrefix(pattern: string): string {
  const star = pattern.indexOf("*");
  if (star < 0) return pattern;
  return pattern.slice(0, pattern.lastIndexOf("/", star) + 1);
}

/** A grant as the rules see it: store-wide access, or path rules (which then are all it gives). */
export type GrantRules = { access: Access; paths: readonly PathRule[] };

/** What a set of grants (an agent's own and the all-agents one) gives `path`: the strongest of them. */
export function grantsAccessAt(grants: readonly GrantRules[], path: string): Access | null {
  let access: Access | null = null;
  for (const grant of grants) access = strongest(access, grant.paths.length ? accessAt(grant.paths, path) : grant.access);
  return access;
}
