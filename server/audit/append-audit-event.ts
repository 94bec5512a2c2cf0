import "server-only";
import { newId } from "@/lib/ids";
import type { Tx } from "../db/client";
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
  return tx.auditEvent.create({ data: { ...fields, hash: eventHash(fields) } });
}
