// Where a search matched inside a file, for the result list: the first line holding a match of a
// term, that line as the snippet (cut around the match when long) and the matched ranges in it.
import { TOKEN, type SearchTerm } from "./search-terms";

export const SNIPPET_CHARS = 200;

export type SearchHit = { line: number; snippet: string; highlights: [number, number][] };

type Token = { text: string; start: number; end: number };

function tokensOf(line: string): Token[] {
  return Array.from(line.matchAll(TOKEN), (match) => ({ text: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length }));
}

/** Ranges of `line` where a term matches: its tokens in a row, the last one as a prefix. */
function matchRanges(tokens: Token[], terms: SearchTerm[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const term of terms) {
      const last = term.length - 1;
      const fits = term.every((token, k) => tokens[i + k] && (k === last ? tokens[i + k].text.startsWith(token) : tokens[i + k].text === token));
      if (fits) {
        ranges.push([tokens[i].start, tokens[i + last].end]);
        break;
      }
    }
  }
  return ranges;
}

/** The first line with a match; null when none is found (the index and this reading disagree). */
export function findSearchHit(content: string, terms: SearchTerm[]): SearchHit | null {
  let lineStart = 0;
  for (let line = 1; lineStart <= content.length; line++) {
    const newline = content.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? content.length : newline;
    const text = content.slice(lineStart, lineEnd);
    const ranges = matchRanges(tokensOf(text), terms);
    if (ranges.length > 0) return cut(line, text, ranges);
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return null;
}

/** A long line is cut to SNIPPET_CHARS around its first match; ranges move with it and are clipped. */
function cut(line: number, text: string, ranges: [number, number][]): SearchHit {
  if (text.length <= SNIPPET_CHARS) return { line, snippet: text, highlights: ranges };
  const from = Math.max(0, Math.min(ranges[0][0] - 40, text.length - SNIPPET_CHARS));
  const to = from + SNIPPET_CHARS;
  const highlights = ranges.filter(([start]) => start < to).map(([start, end]): [number, number] => [start - from, Math.min(end, to) - from]);
  return { line, snippet: text.slice(from, to), highlights };
}
