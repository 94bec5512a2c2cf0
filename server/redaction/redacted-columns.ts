import "server-only";
import { actorOf, type Principal } from "../auth/principal";

/** What a whole-version redaction writes: no content, hash, size or path; who and when instead. */
export function redactedColumns(principal: Principal, at: Date) {
  return {
    content: null,
    contentSha256: null,
    sizeBytes: null,
    path: null,
    previousPath: null,
    redactedAt: at,
    redactedBy: JSON.stringify(actorOf(principal)),
  };
}
