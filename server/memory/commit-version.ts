import "server-only";
import { newId } from "@/lib/ids";
import { actorColumns, auditActorOf, type RequestContext } from "../auth/principal";
import { appendAuditEvent, appendAuditEventSqlite, type AuditInput } from "../audit/append-audit-event";
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

/** Everything one change writes, computed before touching the database. */
function buildChange(ctx: RequestContext, change: Change) {
  const now = new Date();
  const deleting = change.operation === "deleted";
  const content = deleting ? null : change.content;
  const sha = content === null ? null : sha256Hex(content);
  const size = content === null ? null : byteLength(content);
  const memoryId = change.memory?.id ?? newId("memory");
  const renamedFrom = change.memory && change.memory.path !== change.path ? change.memory.path : null;
  const actor = actorColumns(ctx.principal);

  const version: MemoryVersion = {
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
      content_sha256: sha,
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
  return { version, memory, head, exists: Boolean(change.memory), audit, live };
}

/**
 * The one place a memory changes: writes the immutable version, moves the memory's head to it
 * and appends the audit event, all in the caller's transaction. The live event goes out after
 * commit.
 */
export async function commitVersion(t: TxContext, ctx: RequestContext, change: Change) {
  const built = buildChange(ctx, change);
  // SQLite: the same writes as commitVersionSqlite, on the connection Prisma uses, inside the
  // transaction runTransaction opened on it (one connection, so they are part of it).
  if (t.dialect === "sqlite") return commitVersionSqlite(openDb().sqlite!, ctx, change, t.afterCommit, built);
  const version = await t.tx.memoryVersion.create({ data: built.version });
  const memory = built.exists
    ? await t.tx.memory.update({ where: { id: built.memory.id }, data: built.head })
    : await t.tx.memory.create({ data: built.memory });
  const event = await appendAuditEvent(t.tx, built.audit);
  const live = built.live(event.seq);
  await notifyInTransaction(t, live);
  t.afterCommit(() => publishLocal(live));
  return { memory, version };
}

/**
 * commitVersion for SQLite, synchronously, through prepared statements (a Prisma query costs
 * ~80 µs of CPU, a prepared statement a few): for sqliteWrite jobs and SQLite transactions.
 */
export function commitVersionSqlite(
  connection: SqliteConnection,
  ctx: RequestContext,
  change: Change,
  afterCommit: (callback: () => void) => void,
  built = buildChange(ctx, change),
) {
  writeSqlite(connection, built.version, built.memory, built.exists);
  const event = appendAuditEventSqlite(connection, built.audit);
  const live = built.live(event.seq);
  afterCommit(() => publishLocal(live));
  return { memory: built.memory, version: built.version };
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
