import { diffSequences } from "./myers";

export type DiffOp = {
  type: "equal" | "add" | "remove";
  line: string;
  oldNo?: number;
  newNo?: number;
  /** Set on the last line of a side that has no trailing newline. */
  noNewline?: boolean;
};

export type DiffStats = { added: number; removed: number };

export type UnifiedDiffOptions = {
  oldPath: string;
  newPath: string;
  context?: number;
};

type Lines = { lines: string[]; endsWithNewline: boolean };

/** Lines without their terminators; a final "\n" does not start another line. */
export function splitLines(text: string): Lines {
  if (text === "") return { lines: [], endsWithNewline: true };
  const lines = text.split("\n");
  const endsWithNewline = lines[lines.length - 1] === "";
  if (endsWithNewline) lines.pop();
  return { lines, endsWithNewline };
}

// Tokens carry the missing-newline mark so "b" and "b\n" as last lines differ, like git.
function tokenize(side: Lines, ids: Map<string, number>): Int32Array {
  const out = new Int32Array(side.lines.length);
  side.lines.forEach((line, i) => {
    const key = i === side.lines.length - 1 && !side.endsWithNewline ? line + "\u0000eof" : line;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    out[i] = id;
  });
  return out;
}

export function lineDiff(oldText: string, newText: string): DiffOp[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const ids = new Map<string, number>();
  const { removed, added } = diffSequences(tokenize(a, ids), tokenize(b, ids));
  const lastOld = !a.endsWithNewline ? a.lines.length - 1 : -1;
  const lastNew = !b.endsWithNewline ? b.lines.length - 1 : -1;
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < a.lines.length || j < b.lines.length) {
    if (i < a.lines.length && removed[i]) {
      ops.push(withEol({ type: "remove", line: a.lines[i], oldNo: i + 1 }, i === lastOld));
      i++;
    } else if (j < b.lines.length && added[j]) {
      ops.push(withEol({ type: "add", line: b.lines[j], newNo: j + 1 }, j === lastNew));
      j++;
    } else {
      ops.push(withEol({ type: "equal", line: a.lines[i], oldNo: i + 1, newNo: j + 1 }, i === lastOld));
      i++;
      j++;
    }
  }
  return ops;
}

function withEol(op: DiffOp, noNewline: boolean): DiffOp {
  return noNewline ? { ...op, noNewline } : op;
}

export function diffStats(ops: DiffOp[]): DiffStats {
  let added = 0;
  let removed = 0;
  for (const op of ops) {
    if (op.type === "add") added++;
    else if (op.type === "remove") removed++;
  }
  return { added, removed };
}

const PREFIX = { equal: " ", add: "+", remove: "-" } as const;

// Git prints "start,count", dropping ",1", and the line before the hunk when count is 0.
function range(start: number, count: number): string {
  if (count === 1) return String(start);
  return `${count === 0 ? start - 1 : start},${count}`;
}

/** Git-style unified diff; "" when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, opts: UnifiedDiffOptions): string {
  if (oldText === newText) return "";
  const context = opts.context ?? 3;
  const ops = lineDiff(oldText, newText);
  const out = [`--- ${opts.oldPath}`, `+++ ${opts.newPath}`];
  // Line numbers before each op, so hunk starts are O(1).
  let oldLine = 1;
  let newLine = 1;
  const starts = ops.map((op) => {
    const at = [oldLine, newLine];
    if (op.type !== "add") oldLine++;
    if (op.type !== "remove") newLine++;
    return at;
  });
  const changed = ops.flatMap((op, k) => (op.type === "equal" ? [] : [k]));
  let h = 0;
  while (h < changed.length) {
    let last = h;
    while (last + 1 < changed.length && changed[last + 1] - changed[last] <= 2 * context + 1) last++;
    const from = Math.max(0, changed[h] - context);
    const to = Math.min(ops.length, changed[last] + context + 1);
    const slice = ops.slice(from, to);
    const oldCount = slice.filter((op) => op.type !== "add").length;
    const newCount = slice.filter((op) => op.type !== "remove").length;
    out.push(`@@ -${range(starts[from][0], oldCount)} +${range(starts[from][1], newCount)} @@`);
    for (const op of slice) {
      out.push(PREFIX[op.type] + op.line);
      if (op.noNewline) out.push("\\ No newline at end of file");
    }
    h = last + 1;
  }
  return out.join("\n") + "\n";
}
