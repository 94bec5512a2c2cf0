import "server-only";
import type { WireTimelineEvent, WireVersionRedaction } from "../api/schemas";
import { visibleFields } from "../redaction/visible-fields";
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
export function versionEvent(
  version: MemoryVersion,
  previous: PreviousVersion | undefined,
  withDiff: boolean,
  redaction: WireVersionRedaction | null = null,
): WireTimelineEvent {
  const shown = visibleFields(version);
  const diffable = withDiff && !shown.redacted && !(previous?.redacted ?? false) && version.operation !== "deleted";
  const oldText = previous?.content ?? "";
  const diff = diffable
    ? unifiedDiff(oldText, version.content ?? "", { oldPath: previous ? `a${previous.path}` : "/dev/null", newPath: `b${version.path}` })
    : null;
  return {
    type: "timeline_event",
    id: version.id,
    kind: kindOf(version, previous),
    memory_store_id: version.storeId,
    memory_id: version.memoryId,
    path: shown.path,
    previous_path: shown.previousPath,
    memory_version_id: version.id,
    previous_version_id: previous?.id ?? null,
    operation: version.operation as WireTimelineEvent["operation"],
    cause: version.cause,
    content_size_bytes: shown.sizeBytes,
    previous_content_size_bytes: previous && !previous.redacted ? previous.sizeBytes : null,
    restored_from_version_id: version.restoredFromId,
    redacted: shown.redacted,
    redaction,
    diff,
    created_at: version.createdAt.toISOString(),
  };
}

/** A read as a timeline entry; a read of a since-redacted version shows neither its path nor its size. */
export function readEvent(read: MemoryRead, versionRedacted: boolean, size: number | null): WireTimelineEvent {
  return {
    type: "timeline_event",
    id: read.id,
    kind: "read",
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
    redaction: null,
    diff: null,
    created_at: read.createdAt.toISOString(),
  };
}

export type TimelineEvent = WireTimelineEvent;
