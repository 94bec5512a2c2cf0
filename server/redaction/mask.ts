import "server-only";
import type { Match } from "./text-pattern";

const CONTEXT = 40;

/** At most 4 leading characters of a match, fewer for short ones, so a masked excerpt never spells it out. */
export function maskMatch(text: string): string {
  const chars = Array.from(text);
  const shown = Math.min(4, Math.floor(chars.length / 4));
  return `${chars.slice(0, shown).join("")}…[masked]`;
}

/**
 * A short excerpt around the first match with every match inside it masked. The window is widened
 * so that it never cuts a match in two (a cut would show part of the matched text unmasked).
 */
export function maskedExcerpt(text: string, matches: Match[]): string {
  if (matches.length === 0) return "";
  let from = Math.max(0, matches[0].start - CONTEXT);
  let to = Math.min(text.length, matches[0].end + CONTEXT);
  for (const m of matches) {
    if (m.start < to && m.end > to) to = m.end;
    if (m.start < from && m.end > from) from = m.start;
  }
  let out = from > 0 ? "…" : "";
  let at = from;
  for (const m of matches) {
    if (m.end <= from || m.start >= to) continue;
    out += text.slice(at, m.start) + maskMatch(text.slice(m.start, m.end));
    at = m.end;
  }
  out += text.slice(at, to);
  return to < text.length ? `${out}…` : out;
}

/** Replaces every match with the visible marker (or with what `marker` makes of the matched text). */
export function replaceMatches(text: string, matches: Match[], marker: string | ((matched: string) => string) = "[REDACTED]"): string {
  let out = "";
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + (typeof marker === "string" ? marker : marker(text.slice(m.start, m.end)));
    at = m.end;
  }
  return out + text.slice(at);
}
