import "server-only";
import vm from "node:vm";
import { badRequest } from "../http/api-error";

export type Match = { start: number; end: number };
export type TextPattern = { regex: boolean; source: string; find: (texts: string[]) => Match[][] };

const MAX_LITERAL = 1_000;
const MAX_REGEX = 256;
/** Wall-clock budget for one batch of regex scanning; V8 interrupts a running regex when it expires. */
const BATCH_BUDGET_MS = 500;
const MAX_MATCHES_PER_TEXT = 10_000;

// Regexes run in their own context so a timeout can stop a backtracking match (ReDoS) mid-run.
const sandbox = vm.createContext({ input: null });
vm.runInContext(
  `function scan({ source, texts, max }) {
    const re = new RegExp(source, "gu");
    return texts.map((text) => {
      const out = [];
      re.lastIndex = 0;
      let m;
      while ((m = re.exec(text)) !== null) {
        if (m[0].length === 0) { re.lastIndex++; continue; }
        out.push(m.index, m.index + m[0].length);
        if (out.length >= max * 2) break;
      }
      return out;
    });
  }`,
  sandbox,
);
const scanScript = new vm.Script("scan(input)");

/**
 * Compiles a search query. Literal queries match exactly (case-sensitive). Regexes are
 * Unicode-mode JavaScript patterns, refused when long, when they use backreferences or nested
 * quantifiers (the classic catastrophic-backtracking shapes), or when they match the empty
 * string; every scan also runs under a time budget.
 */
export function compilePattern(query: string, regex = false): TextPattern {
  if (query.length === 0) throw badRequest("query: must not be empty");
  if (!regex) {
    if (query.length > MAX_LITERAL) throw badRequest(`query: at most ${MAX_LITERAL} characters`);
    return { regex: false, source: query, find: (texts) => texts.map((text) => literalMatches(text, query)) };
  }
  if (query.length > MAX_REGEX) throw badRequest(`query: a regular expression may have at most ${MAX_REGEX} characters`);
  assertSafeRegex(query);
  try {
    new RegExp(query, "u");
  } catch (error) {
    throw badRequest(`query: not a valid regular expression (${(error as Error).message})`);
  }
  if (runScan(query, [""])[0].length > 0 || new RegExp(query, "u").test("")) throw badRequest("query: the regular expression matches the empty string");
  return { regex: true, source: query, find: (texts) => runScan(query, texts) };
}

function literalMatches(text: string, query: string): Match[] {
  const out: Match[] = [];
  for (let at = text.indexOf(query); at !== -1 && out.length < MAX_MATCHES_PER_TEXT; at = text.indexOf(query, at + query.length)) {
    out.push({ start: at, end: at + query.length });
  }
  return out;
}

function runScan(source: string, texts: string[]): Match[][] {
  sandbox.input = { source, texts, max: MAX_MATCHES_PER_TEXT };
  let flat: number[][];
  try {
    flat = scanScript.runInContext(sandbox, { timeout: BATCH_BUDGET_MS }) as number[][];
  } catch (error) {
    if (/timed out/i.test(String((error as Error).message))) {
      throw badRequest("query: the regular expression took too long to run; simplify it (avoid nested repetition)");
    }
    throw badRequest(`query: ${(error as Error).message}`);
  } finally {
    sandbox.input = null;
  }
  return flat.map((pairs) => {
    const out: Match[] = [];
    for (let i = 0; i < pairs.length; i += 2) out.push({ start: pairs[i], end: pairs[i + 1] });
    return out;
  });
}

/** Rejects backreferences and a quantified group that itself contains a quantifier, e.g. `(a+)+`. */
function assertSafeRegex(source: string): void {
  if (/\\[1-9]|\\k</.test(source)) throw badRequest("query: backreferences are not allowed in search patterns");
  const groups: boolean[] = [];
  let quantified = false;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "(") {
      groups.push(quantified);
      quantified = false;
    } else if (ch === ")") {
      const inner = quantified;
      quantified = groups.pop() ?? false;
      const next = source[i + 1];
      if (inner && (next === "*" || next === "+" || next === "{")) {
        throw badRequest("query: nested quantifiers such as (a+)+ are not allowed in search patterns");
      }
      if (inner) quantified = true;
    } else if (ch === "*" || ch === "+" || ch === "{") quantified = true;
  }
}
