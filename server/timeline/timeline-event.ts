import "server-only";
import { unifiedDiff } from "@/lib/text-diff";
import type { MemoryRead, MemoryVersion } from "../db/generated/sqlite/client";
import type { PreviousVersion } from "./previous-versions";

export type TimelineKind = "read" | "create" | "edit" | "rename" | "delete" | "restore" | "rollback";

function kindOf(version: MemoryVersion, previous: PreviousVersion | undefined): TimelineKind {
  if (version.cause === "restore" || version.cause === "rollback") return version.cause;
  if (version.operation === "created") return "create";
  if (version.operation === "deleted") return "delete";
  const moved = version.previousPath !== null || (previous?.path != null && version.path !== null && previous.path !== version.path);
  const sameContent =
    previous !== undefined && !previous.redacted && version.contentSha256 !== null && previous.content !== null && version.content === previous.content;
  return moved && sameContent ? "rename" : "edit";
}

/** A version as a timeline entry; a redacted version (or one diffed against a redacted one) shows no text. */
export function versionEvent(version: MemoryVersion, previous: PreviousVersion | undefined, withDiff: boolean) {
  const redacted = version.redactedAt !== null;
  const diffable = withDiff && !redacted && !(previous?.redacted ?? false) && version.operation !== "deleted";
  const oldText = previous?.content ?? "";
  const diff = diffable
    ? unifiedDiff(oldText, version.content ?? "", { oldPath: previous ? `a${previous.path}` : "/dev/null", newPath: `b${version.path}` })
    : null;
  return {
    type: "timeline_event" as const,
    id: version.id,
    kind: kindOf(version, previous),
    memory_store_id: version.storeId,
    memory_id: version.memoryId,
    path: redacted ? null : version.path,
    previous_path: redacted ? null : (version.previousPath ?? null),
    memory_version_id: version.id,
    previous_version_id: previous?.id ?? null,
    operation: version.operation,
    cause: version.cause,
    content_size_bytes: redacted ? null : version.sizeBytes,
    previous_content_size_bytes: previous && !previous.redacted ? previous.sizeBytes : null,
    restored_from_version_id: version.restoredFromId,
    redacted,
    diff,
    created_at: version.createdAt.toISOString(),
  };
}

export function readEvent(read: MemoryRead, versionRedacted: boolean, size: number | null) {
  return {
    type: "timeline_event" as const,
    id: read.id,
    kind: "read" as const,
    memory_store_id: read.storeId,
    memory_id: read.memoryId,
    path: versionRedacted ? null : read.path,
    previous_path: null,
    memory_version_id: read.versionId,
    previous_version_id: null,
    operation: null,
    cause: null,
    content_size_bytes: versionRedacted ? null : size,
    previous_content_size_bytes: null,
    restored_from_version_id: null,
    redacted: versionRedacted,
    diff: null,
    created_at: read.createdAt.toISOString(),
  };
}

export type TimelineEvent = ReturnType<typeof versionEvent> | ReturnType<typeof readEvent>;
