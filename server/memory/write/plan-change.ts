import "server-only";
import { newId } from "@/lib/ids";
import { parentDirs } from "@/lib/memory-path";
import { actorColumns, auditActorOf, type RequestContext } from "../../auth/principal";
import type { AuditInput } from "../../audit/append-audit-event";
import type { AuditAction } from "../../audit/audit-actions";
import { config } from "../../config";
import { byteLength, hmacHex, sha256Hex } from "../../crypto";
import type { Memory, MemoryVersion } from "../../db/generated/sqlite/client";
import type { MemoryEvent } from "../../events/event-bus";
import { ApiError, badRequest, notFound } from "../../http/api-error";
import { redactedColumns } from "../../redaction/redacted-columns";
import type { PathHolder, StoreState } from "./write-store";

export type Cause = "write" | "rename" | "restore" | "rollback" | "memory_tool" | "redaction" | "import" | "mount";

export type Change = {
  storeId: string;
  /** The memory being changed, or null to create one. */
  memory: Memory | null;
  operation: "created" | "modified" | "deleted";
  cause: Cause;
  /** New content (ignored for deletes). */
  content: string;
  path: string;
  restoredFromId?: string | null;
  /** Write the version already redacted (an import replaying a version redacted at its source). */
  redacted?: boolean;
  audit?: { action?: AuditAction; data?: Record<string, unknown> };
};

// The rules of a change, as pure functions of what the storage read: every write path calls
// these, so each rule and its error exist once.

/** A memory under legal hold (its own or its store's) cannot be deleted. */
export function checkNotHeld(memoryId: string, holdIds: readonly string[]): void {
  if (holdIds.length === 0) return;
  throw new ApiError("conflict_error", `Memory ${memoryId} is under legal hold (${holdIds.join(", ")}) and cannot be deleted until the hold is lifted.`, {
    legal_hold_ids: [...holdIds],
  });
}

/** An archived store is read-only, except that its memories may still be deleted (as in Managed Agents). */
export function checkStore(storeId: string, store: StoreState | null, options: { archivedOk?: boolean } = {}): StoreState {
  if (!store) throw notFound(`Memory store ${storeId}`);
  if (store.archivedAt && !options.archivedOk) throw new ApiError("conflict_error", `Memory store ${storeId} is archived and read-only.`);
  return store;
}

export function checkMemory<M>(memoryId: string, memory: M | null): M {
  if (!memory) throw notFound(`Memory ${memoryId}`);
  return memory;
}

/** A `content_sha256` precondition: undefined means none was given. */
export function checkPrecondition(memoryId: string, expected: string | undefined, actual: string | null): void {
  if (expected !== undefined && expected !== actual) {
    throw new ApiError("memory_precondition_failed_error", `The content_sha256 precondition failed: memory ${memoryId} has changed.`);
  }
}

export function checkRoom(storeId: string, liveCount: number): void {
  if (liveCount >= config.maxMemoriesPerStore) {
    throw badRequest(`Memory store ${storeId} already holds the maximum of ${config.maxMemoriesPerStore} memories.`);
  }
}

/** The directories above `path`, as the paths a file there would block (`/a/b/c.md` → `/a`, `/a/b`). */
export const ancestorsOf = (path: string) =>
  parentDirs(path)
    .slice(1)
    .map((dir) => dir.slice(0, -1));

export function checkPathFree(path: string, holder: PathHolder | null): void {
  if (!holder) return;
  throw new ApiError("memory_path_conflict_error", `The path ${path} conflicts with the existing memory at ${holder.livePath}.`, {
    conflicting_memory_id: holder.id,
    conflicting_path: holder.livePath,
  });
}

export type PlannedChange = ReturnType<typeof planChange>;

/** Everything one change writes (version, head, audit event, live event), computed before touching the database. */
export function planChange(ctx: RequestContext, change: Change, store: StoreState) {
  const now = new Date();
  const deleting = change.operation === "deleted";
  const content = deleting ? null : change.content;
  const sha = content === null ? null : sha256Hex(content);
  const size = content === null ? null : byteLength(content);
  const memoryId = change.memory?.id ?? newId("memory");
  const renamedFrom = change.memory && change.memory.path !== change.path ? change.memory.path : null;
  const actor = actorColumns(ctx.principal);

  const written: MemoryVersion = {
    id: newId("version"),
    workspaceId: ctx.principal.workspaceId,
    storeId: change.storeId,
    memoryId,
    operation: change.operation,
    cause: change.cause,
    content,
    contentSha256: sha,
    sizeBytes: size,
    path: change.path,
    previousPath: renamedFrom,
    restoredFromId: change.restoredFromId ?? null,
    ...actor,
    createdAt: now,
    redactedAt: null,
    redactedBy: null,
  };
  const version = change.redacted ? { ...written, ...redactedColumns(ctx.principal, now) } : written;
  const head = {
    path: change.path,
    livePath: deleting ? null : change.path,
    headVersionId: version.id,
    content: content ?? "",
    contentSha256: sha ?? "",
    sizeBytes: size ?? 0,
    updatedAt: now,
    deletedAt: deleting ? now : null,
  };
  const memory: Memory = change.memory
    ? { ...change.memory, ...head }
    : { id: memoryId, workspaceId: ctx.principal.workspaceId, storeId: change.storeId, createdAt: now, ...head };

  const action = change.audit?.action ?? (`memory.${change.operation}` as AuditAction);
  // A keyed digest: an unkeyed hash in the audit log would let its readers confirm a guess of
  // redacted content.
  const contentHmac = content === null || !store.hmacKey || change.redacted ? null : hmacHex(store.hmacKey, content);
  const audit: AuditInput = {
    workspaceId: ctx.principal.workspaceId,
    ...auditActorOf(ctx.principal),
    action,
    storeId: change.storeId,
    sessionId: actor.sessionId,
    targetType: "memory",
    targetId: memoryId,
    requestId: ctx.requestId,
    createdAt: now,
    data: {
      memory_version_id: version.id,
      path: change.path,
      ...(renamedFrom ? { previous_path: renamedFrom } : {}),
      content_hmac_sha256: contentHmac,
      content_size_bytes: size,
      cause: change.cause,
      ...(actor.apiKeyId ? { api_key_id: actor.apiKeyId } : {}),
      ...change.audit?.data,
    },
  };
  const live = (seq: number): MemoryEvent => ({
    workspaceId: ctx.principal.workspaceId,
    seq,
    action,
    storeId: change.storeId,
    sessionId: actor.sessionId,
    memoryId,
    versionId: version.id,
    path: change.path,
    previousPath: renamedFrom,
    cause: change.cause,
    at: now.toISOString(),
  });
  // The row this change was planned on: the write moves the head only if the row is still so (its
  // head, and its path and content, which a redaction may change in place without moving the head).
  const plannedOn = change.memory ? { headVersionId: change.memory.headVersionId, path: change.memory.path, contentSha256: change.memory.contentSha256 } : null;
  return { version, memory, plannedOn, audit, live };
}
