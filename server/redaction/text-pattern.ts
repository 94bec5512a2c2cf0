import "server-only";
import RE2 from "re2";
import { badRequest } from "../http/api-error";

export type Match = { start: number; end: number };
/** `re2`: `source` is an RE2 pattern that a worker may run itself (scan-versions' off-thread scan); absent for hand-made patterns. */
export type TextPattern = { regex: boolean; source: string; find: (texts: string[]) => Match[][]; engine?: "re2" };

const MAX_LITERAL = 1_000;
const MAX_REGEX = 256;
const MAX_MATCHES_PER_TEXT = 10_000;

/**
 * Compiles a search query. Literal queries match exactly (case-sensitive). Regexes run on RE2
 * (the `re2` package, Google's engine): matching takes time linear in the text whatever the
 * pattern, so `(a|a)+$` and friends cost no more than a literal and cannot stall the event loop
 * for other tenants. RE2 has no lookaround or backreferences; such patterns are refused with 400,
 * as are long ones and those matching the empty string.
 */
export function compilePattern(query: string, regex = false): TextPattern {
  if (query.length === 0) throw badRequest("query: must not be empty");
  if (!regex) {
    if (query.length > MAX_LITERAL) throw badRequest(`query: at most ${MAX_LITERAL} characters`);
    return { regex: false, source: query, find: (texts) => texts.map((text) => literalMatches(text, query)) };
  }
  if (query.length > MAX_REGEX) throw badRequest(`query: a regular expression may have at most ${MAX_REGEX} characters`);
  let re: RE2;
  try {
    re = new RE2(query, "gu");
  } catch (error) {
    throw badRequest(
      `query: not a valid regular expression for a linear-time engine (${(error as Error).message}); lookarounds and backreferences are not supported`,
    );
  }
  re.lastIndex = 0;
  if (re.test("")) throw badRequest("query: the regular expression matches the empty string");
  return { regex: true, engine: "re2", source: query, find: (texts) => texts.map((text) => regexMatches(re, text)) };
}

function regexMatches(re: RE2, text: string): Match[] {
  const out: Match[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && out.length < MAX_MATCHES_PER_TEXT; m = re.exec(text)) {
    // Unreachable for patterns that cannot match "" (refused above), kept so a scan always advances.
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function literalMatches(text: string, query: string): Match[] {
  const out: Match[] = [];
  for (let at = text.indexOf(query); at !== -1 && out.length < MAX_MATCHES_PER_TEXT; at = text.indexOf(query, at + query.length)) {
    out.push({ start: at, end: at + query.length });
  }
  return out;
}
