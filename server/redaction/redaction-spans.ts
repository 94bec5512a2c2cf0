import "server-only";
import { expandAll } from "@/lib/secrets/secret-token";
import { maskMatch } from "./mask";
import type { Match, TextPattern } from "./text-pattern";

/** `token` (the default) widens each match to the whole secret-shaped token around it; `none` keeps exact matches. */
export type Expand = "token" | "none";

export function spansOf(text: string, matches: Match[], expand: Expand = "token"): Match[] {
  return expand === "none" ? matches : expandAll(text, matches);
}

/** The pattern's matches in one text, widened as asked. */
export function findSpans(pattern: TextPattern, text: string, expand: Expand = "token"): Match[] {
  return spansOf(text, pattern.find([text])[0], expand);
}

const LINE_LIMIT = 240;

/**
 * Per changed line, what it shows now (masked) and what it will hold after the redaction, so an
 * officer sees exactly what remains. Long lines are cut around the first change.
 */
export function planLines(text: string, spans: Match[], marker: string) {
  const out: { line: number; before: string; after: string }[] = [];
  let lineStart = 0;
  let lineNo = 1;
  let i = 0;
  while (i < spans.length && lineStart <= text.length) {
    const nl = text.indexOf("\n", lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const inLine: Match[] = [];
    // A span may cross lines (a PEM block); it is shown on every line it touches.
    for (let j = i; j < spans.length && spans[j].start < lineEnd; j++) if (spans[j].end > lineStart) inLine.push(spans[j]);
    if (inLine.length) {
      const clip = inLine.map((s) => ({ start: Math.max(s.start, lineStart) - lineStart, end: Math.min(s.end, lineEnd) - lineStart }));
      const line = text.slice(lineStart, lineEnd);
      out.push({ line: lineNo, before: cutLine(render(line, clip, (m) => maskMatch(m))), after: cutLine(render(line, clip, () => marker)) });
    }
    while (i < spans.length && spans[i].end <= lineEnd) i++;
    if (nl === -1) break;
    lineStart = nl + 1;
    lineNo++;
  }
  return out;
}

function render(line: string, spans: Match[], replace: (matched: string) => string): string {
  let out = "";
  let at = 0;
  for (const s of spans) {
    out += line.slice(at, s.start) + replace(line.slice(s.start, s.end));
    at = s.end;
  }
  return out + line.slice(at);
}

const cutLine = (line: string) => (line.length > LINE_LIMIT ? `${line.slice(0, LINE_LIMIT)}…` : line);

/**
 * The spans to replace in a path: widened within one segment only (a token never runs past "/"),
 * and never covering a "/" at their edges, so the redacted path is still a valid path.
 */
export function pathSpans(path: string, matches: Match[], expand: Expand = "token"): Match[] {
  const widened = expand === "none" ? matches : expandAll(path, matches, "/");
  return widened.flatMap(({ start, end }) => {
    while (start < end && path[start] === "/") start++;
    while (end > start && path[end - 1] === "/") end--;
    return start < end ? [{ start, end }] : [];
  });
}
