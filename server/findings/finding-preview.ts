import "server-only";
import type { Detection } from "@/lib/detectors/detection";
import { maskMatch } from "../redaction/mask";

const PREVIEW_CHARS = 160;

/** The detection's line with every detection on that line masked, cut around the detection. */
export function findingPreview(text: string, detection: Detection, all: Detection[]): string {
  const lineStart = text.lastIndexOf("\n", detection.start - 1) + 1;
  const nl = text.indexOf("\n", detection.start);
  const lineEnd = nl === -1 ? text.length : nl;
  let out = "";
  let at = lineStart;
  for (const d of all) {
    if (d.end <= lineStart || d.start >= lineEnd) continue;
    const from = Math.max(d.start, lineStart);
    out += text.slice(at, from) + maskMatch(text.slice(from, Math.min(d.end, lineEnd)));
    at = Math.min(d.end, lineEnd);
  }
  out += text.slice(at, lineEnd);
  const offset = Math.max(0, Math.min(detection.start - lineStart, out.length) - 40);
  const cut = out.slice(offset, offset + PREVIEW_CHARS);
  return `${offset > 0 ? "…" : ""}${cut}${offset + PREVIEW_CHARS < out.length ? "…" : ""}`;
}
