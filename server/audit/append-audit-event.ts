import "server-only";
import { newId } from "@/lib/ids";
import type { Tx } from "../db/client";
import { prepared, sqliteDate, type SqliteConnection } from "../db/sqlite-statements";
import type { AuditAction } from "./audit-actions";
import { eventHash, GENESIS_HASH } from "./event-hash";

export type AuditInput = {
  workspaceId: string;
  actorType: string;
  actorId: string;
  action: AuditAction;
  storeId?: string | null;
  sessionId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  requestId?: string | null;
  /** Never memory content. */
  data?: Record<string, unknown>;
  createdAt?: Date;
};

type Head = { seq: number; hash: string } | null | undefined;

/** The row that follows `head` in the workspace's chain, hash included. */
function nextEvent(input: AuditInput, head: Head) {
  const fields = {
    id: newId("auditEvent"),
    workspaceId: input.workspaceId,
    seq: (head?.seq ?? 0) + 1,
    createdAt: input.createdAt ?? new Date(),
    actorType: input.actorType,
    actorId: input.actorId,
    action: input.action,
    storeId: input.storeId ?? null,
    sessionId: input.sessionId ?? null,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    requestId: input.requestId ?? null,
    data: JSON.stringify(input.data ?? {}),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...fields, hash: eventHash(fields) };
}

/**
 * Appends one event to the workspace's hash chain. Call it inside the transaction of the change
 * it records, after runTransaction's workspace lock, so the chain head cannot move meanwhile.
 */
export async function appendAuditEvent(tx: Tx, input: AuditInput) {
  const head = await tx.auditEvent.findFirst({
    where: { workspaceId: input.workspaceId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  return tx.auditEvent.create({ data: nextEvent(input, head) });
}

/**
 * appendAuditEvent through prepared statements on the better-sqlite3 connection Prisma uses,
 * for the memory write hot path (commit-version.ts); the caller is inside runTransaction, so
 * these statements run in its open transaction.
 */
export function appendAuditEventSqlite(connection: SqliteConnection, input: AuditInput) {
  const head = prepared(connection, `SELECT "seq", "hash" FROM "AuditEvent" WHERE "workspaceId" = ? ORDER BY "seq" DESC LIMIT 1`).get(
    input.workspaceId,
  ) as Head;
  const event = nextEvent(input, head);
  prepared(
    connection,
    `INSERT INTO "AuditEvent" ("id", "workspaceId", "seq", "createdAt", "actorType", "actorId", "action", "storeId", "sessionId", "targetType", "targetId", "requestId", "data", "prevHash", "hash")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    event.id,
    event.workspaceId,
    event.seq,
    sqliteDate(event.createdAt),
    event.actorType,
    event.actorId,
    event.action,
    event.storeId,
    event.sessionId,
    event.targetType,
    event.targetId,
    event.requestId,
    event.data,
    event.prevHash,
    event.hash,
  );
  return event;
}
