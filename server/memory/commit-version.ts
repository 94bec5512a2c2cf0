import "server-only";
import { newId } from "@/lib/ids";
import { actorColumns, auditActorOf, type RequestContext } from "../auth/principal";
import { appendAuditEvent, appendAuditEventSqlite } from "../audit/append-audit-event";
import type { AuditAction } from "../audit/audit-actions";
import { byteLength, sha256Hex } from "../crypto";
import { openDb } from "../db/client";
import type { TxContext } from "../db/transaction";
import type { Memory, MemoryVersion } from "../db/generated/sqlite/client";
import { prepared, sqliteDate, type SqliteConnection } from "../db/sqlite-statements";
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

  const versionRow: MemoryVersion = {
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
  const head = {
    path: change.path,
    livePath: deleting ? null : change.path,
    headVersionId: versionRow.id,
    content: content ?? "",
    contentSha256: sha ?? "",
    sizeBytes: size ?? 0,
    updatedAt: now,
    deletedAt: deleting ? now : null,
  };
  const memoryRow: Memory = change.memory
    ? { ...change.memory, ...head }
    : { id: memoryId, workspaceId: ctx.principal.workspaceId, storeId: change.storeId, createdAt: now, ...head };

  const action = change.audit?.action ?? (`memory.${change.operation}` as AuditAction);
  const audit = {
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
      memory_version_id: versionRow.id,
      path: change.path,
      ...(renamedFrom ? { previous_path: renamedFrom } : {}),
      content_sha256: sha,
      content_size_bytes: size,
      cause: change.cause,
      ...(actor.apiKeyId ? { api_key_id: actor.apiKeyId } : {}),
      ...change.audit?.data,
    },
  };

  // SQLite: the same three writes as prepared statements on the connection Prisma uses, inside
  // the transaction runTransaction opened on it (one connection, so they are part of it). A
  // Prisma query costs ~80 µs of CPU, a prepared statement a few: this is most of a write.
  const sqlite = t.dialect === "sqlite" ? openDb().sqlite : undefined;
  let version: MemoryVersion;
  let memory: Memory;
  let event: { seq: number };
  if (sqlite) {
    writeSqlite(sqlite, versionRow, memoryRow, Boolean(change.memory));
    version = versionRow;
    memory = memoryRow;
    event = appendAuditEventSqlite(sqlite, audit);
  } else {
    version = await tx.memoryVersion.create({ data: versionRow });
    memory = change.memory ? await tx.memory.update({ where: { id: memoryId }, data: head }) : await tx.memory.create({ data: memoryRow });
    event = await appendAuditEvent(tx, audit);
  }

  const live: MemoryEvent = {
    workspaceId: ctx.principal.workspaceId,
    seq: event.seq,
    action,
    storeId: change.storeId,
    sessionId: actor.sessionId,
    memoryId,
    versionId: versionRow.id,
    path: change.path,
    previousPath: renamedFrom,
    cause: change.cause,
    at: now.toISOString(),
  };
  await notifyInTransaction(t, live);
  t.afterCommit(() => publishLocal(live));
  return { memory, version };
}

function writeSqlite(sqlite: SqliteConnection, v: MemoryVersion, m: Memory, exists: boolean): void {
  prepared(
    sqlite,
    `INSERT INTO "MemoryVersion" ("id", "workspaceId", "storeId", "memoryId", "operation", "cause", "content", "contentSha256", "sizeBytes", "path",
       "previousPath", "restoredFromId", "actorType", "sessionId", "apiKeyId", "userId", "agentId", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    v.id,
    v.workspaceId,
    v.storeId,
    v.memoryId,
    v.operation,
    v.cause,
    v.content,
    v.contentSha256,
    v.sizeBytes,
    v.path,
    v.previousPath,
    v.restoredFromId,
    v.actorType,
    v.sessionId,
    v.apiKeyId,
    v.userId,
    v.agentId,
    sqliteDate(v.createdAt),
  );
  const deletedAt = m.deletedAt ? sqliteDate(m.deletedAt) : null;
  if (exists) {
    prepared(
      sqlite,
      `UPDATE "Memory" SET "path" = ?, "livePath" = ?, "headVersionId" = ?, "content" = ?, "contentSha256" = ?, "sizeBytes" = ?, "updatedAt" = ?, "deletedAt" = ? WHERE "id" = ?`,
    ).run(m.path, m.livePath, m.headVersionId, m.content, m.contentSha256, m.sizeBytes, sqliteDate(m.updatedAt), deletedAt, m.id);
  } else {
    prepared(
      sqlite,
      `INSERT INTO "Memory" ("id", "workspaceId", "storeId", "path", "livePath", "headVersionId", "content", "contentSha256", "sizeBytes", "createdAt", "updatedAt", "deletedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      m.id,
      m.workspaceId,
      m.storeId,
      m.path,
      m.livePath,
      m.headVersionId,
      m.content,
      m.contentSha256,
      m.sizeBytes,
      sqliteDate(m.createdAt),
      sqliteDate(m.updatedAt),
      deletedAt,
    );
  }
}
