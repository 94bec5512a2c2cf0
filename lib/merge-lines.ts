// A line-based three-way merge: the changes from `base` to `ours` and from `base` to `theirs`,
// applied together when they touch different lines (as git merges a file), else a conflict.
import { diffSequences } from "./myers";

type Hunk = { start: number; end: number; lines: string[] };

/** Lines with their terminators, so a missing final newline survives the merge. */
const linesOf = (text: string) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

function hunks(base: string[], other: string[], ids: Map<string, number>): Hunk[] {
  const id = (line: string) => {
    let n = ids.get(line);
    if (n === undefined) ids.set(line, (n = ids.size));
    return n;
  };
  const { removed, added } = diffSequences(Int32Array.from(base, id), Int32Array.from(other, id));
  const out: Hunk[] = [];
  let i = 0;
  let j = 0;
  while (i < base.length || j < other.length) {
    if ((i < base.length && removed[i]) || (j < other.length && added[j])) {
      const hunk: Hunk = { start: i, end: i, lines: [] };
      while (i < base.length && removed[i]) hunk.end = ++i;
      while (j < other.length && added[j]) hunk.lines.push(other[j++]);
      out.push(hunk);
    } else {
      i++;
      j++;
    }
  }
  return out;
}

const same = (a: Hunk, b: Hunk) => a.start === b.start && a.end === b.end && a.lines.join("") === b.lines.join("");
const overlap = (a: Hunk, b: Hunk) =>
  (a.start === a.end && b.start === b.end ? a.start === b.start : a.start < b.end && b.start < a.end) ||
  (a.start === b.start && (a.start === a.end || b.start === b.end));

/** The merged text, or null when both sides changed the same lines differently. */
export function mergeLines(base: string, ours: string, theirs: string): string | null {
  const ids = new Map<string, number>();
  const b = linesOf(base);
  const all = [...hunks(b, linesOf(ours), ids), ...hunks(b, linesOf(theirs), ids)].sort((x, y) => x.start - y.start || x.end - y.end);
  const kept: Hunk[] = [];
  for (const hunk of all) {
    const previous = kept[kept.length - 1];
    if (previous && same(previous, hunk)) continue;
    if (previous && overlap(previous, hunk)) return null;
    kept.push(hunk);
  }
  const out: string[] = [];
  let at = 0;
  for (const hunk of kept) {
    out.push(...b.slice(at, hunk.start), ...hunk.lines);
    at = hunk.end;
  }
  out.push(...b.slice(at));
  return out.join("");
}
