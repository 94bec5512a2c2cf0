/** What a detector reports: a rule id and where in the text; never the matched text itself. */
export type Detection = { rule: string; kind: "secret" | "personal"; start: number; end: number };

/** 1-based line and column of an offset (columns count UTF-16 units, as editors do). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Every match of a global regex as a detection, kept only where `accept` agrees. */
export function matchAll(text: string, re: RegExp, rule: string, kind: Detection["kind"], accept: (m: RegExpExecArray) => boolean = () => true): Detection[] {
  const out: Detection[] = [];
  for (const m of text.matchAll(re)) {
    const group = m[1] === undefined ? 0 : 1;
    const value = m[group];
    const start = group === 0 ? m.index : m.index + m[0].lastIndexOf(value);
    if (accept(m as RegExpExecArray)) out.push({ rule, kind, start, end: start + value.length });
  }
  return out;
}
