/** A half-open character range in a text. */
export type Span = { start: number; end: number };

// Characters a secret-shaped token is made of: letters, digits and `-_./+~` (base64, base64url,
// hex, key prefixes like `sk-live-`), plus trailing `=` padding.
const TOKEN_CHAR = /[\p{L}\p{N}\-_./+~]/u;

function isTokenChar(text: string, at: number, stop?: string): boolean {
  return at >= 0 && at < text.length && text[at] !== stop && TOKEN_CHAR.test(text[at]);
}

/**
 * Widens a match to the whole secret-shaped token around it (the maximal run of token characters
 * that touches the match, plus `=` padding after it), so a prefix such as `sk-live-` reaches the
 * whole key. A match that is not itself made of token characters keeps its own bounds where they
 * are not next to token characters.
 */
export function expandToToken(text: string, span: Span, stop?: string): Span {
  let { start, end } = span;
  while (isTokenChar(text, start - 1, stop)) start--;
  while (isTokenChar(text, end, stop)) end++;
  while (text[end] === "=") end++;
  return { start, end };
}

/** Sorted, with overlapping and touching spans merged. */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Every match widened to its token (never past `stop`, say "/" in a path), merged. */
export function expandAll(text: string, spans: Span[], stop?: string): Span[] {
  return mergeSpans(spans.map((s) => expandToToken(text, s, stop)));
}
