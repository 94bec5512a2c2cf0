import "server-only";
import { newId } from "@/lib/ids";
import { actorColumns, auditActorOf, type RequestContext } from "../auth/principal";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { AuditAction } from "../audit/audit-actions";
import { byteLength, sha256Hex } from "../crypto";
import type { TxContext } from "../db/transaction";
import type { Memory } from "../db/generated/sqlite/client";
import { publishLocal, type MemoryEvent } from "../events/event-bus";
import { notifyInTransaction } from "../events/pg-relay";

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
  audit?: { action?: AuditAction; data?: Record<string, unknown> };
};

/**
 * The one place a memory changes: writes the immutable version, moves the memory's head to it
 * and appends the audit event, all in the caller's transaction. The live event goes out after
 * commit.
 */
export async function commitVersion(t: TxContext, ctx: RequestContext, change: Change) {
  const { tx } = t;
  const now = new Date();
  const deleting = change.operation === "deleted";
  const content = deleting ? null : change.content;
  const sha = content === null ? null : sha256Hex(content);
  const size = content === null ? null : byteLength(content);
  const memoryId = change.memory?.id ?? newId("memory");
  const renamedFrom = change.memory && change.memory.path !== change.path ? change.memory.path : null;
  const actor = actorColumns(ctx.principal);

  const version = await tx.memoryVersion.create({
    data: {
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
    },
  });

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
  const memory = change.memory
    ? await tx.memory.update({ where: { id: memoryId }, data: head })
    : await tx.memory.create({
        data: { id: memoryId, workspaceId: ctx.principal.workspaceId, storeId: change.storeId, createdAt: now, ...head },
      });

  const action = change.audit?.action ?? (`memory.${change.operation}` as AuditAction);
  const event = await appendAuditEvent(tx, {
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
      content_sha256: sha,
      content_size_bytes: size,
      cause: change.cause,
      ...(actor.apiKeyId ? { api_key_id: actor.apiKeyId } : {}),
      ...change.audit?.data,
    },
  });

  const live: MemoryEvent = {
    workspaceId: ctx.principal.workspaceId,
    seq: event.seq,
    action,
    storeId: change.storeId,
    sessionId: actor.sessionId,
    memoryId,
    versionId: version.id,
    path: change.path,
    previousPath: renamedFrom,
    cause: change.cause,
    at: now.toISOString(),
  };
  await notifyInTransaction(t, live);
  t.afterCommit(() => publishLocal(live));
  return { memory, version };
}
