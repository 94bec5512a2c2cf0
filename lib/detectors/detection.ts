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

/**
 * A case-insensitive test for any of these literal words: a gate that lets a costly pattern run
 * only on texts that hold a word it cannot match without (as gitleaks' and trufflehog's keyword
 * pre-filters do). Most memory text holds none, and one scan for the words is far cheaper than
 * the patterns behind them.
 */
export function keywords(...words: string[]): RegExp {
  return new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "i");
}

/** One pattern of a detector: the gate it needs to pass first, and a check on each match. */
export type Rule = {
  rule: string;
  kind: Detection["kind"];
  pattern: RegExp;
  /** A text that fails this cannot match `pattern` (tests hold every rule to it: gated === ungated). */
  gate: RegExp;
  accept?: (m: RegExpExecArray) => boolean;
};

/** Every detection of these rules in a text; `gated: false` runs every pattern regardless (tests compare the two). */
export function detectRules(text: string, rules: readonly Rule[], gated = true): Detection[] {
  return rules.flatMap((r) => (gated && !r.gate.test(text) ? [] : matchAll(text, r.pattern, r.rule, r.kind, r.accept)));
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
