import "server-only";
import type { MemoryVersion } from "../db/generated/sqlite/client";

/**
 * What a version shows on the wire: a whole-version redaction leaves no path, content, hash or
 * size, whatever the row still holds. Every serializer of a version (API answers, the timeline,
 * point-in-time reads, exports) masks through this one function.
 */
/** A version's path as shown: none once the version is redacted. */
export const visiblePath = (version: Pick<MemoryVersion, "redactedAt" | "path">) => (version.redactedAt !== null ? null : version.path);

export function visibleFields(version: Pick<MemoryVersion, "redactedAt" | "path" | "previousPath" | "content" | "contentSha256" | "sizeBytes">) {
  if (version.redactedAt !== null) return { redacted: true, path: null, previousPath: null, content: null, contentSha256: null, sizeBytes: null } as const;
  return {
    redacted: false,
    path: version.path,
    previousPath: version.previousPath,
    content: version.content,
    contentSha256: version.contentSha256,
    sizeBytes: version.sizeBytes,
  } as const;
}
