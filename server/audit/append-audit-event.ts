import "server-only";
import { newId } from "@/lib/ids";
import { config, isPostgresUrl } from "../config";
import { auditActorOf, type RequestContext } from "../auth/principal";
import type { Tx } from "../db/client";
import type { AuditAction } from "./audit-actions";
import { dataDigest, eventHashV2, GENESIS_HASH, HASH_VERSION } from "./event-hash";

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

export type ChainHead = { seq: number; hash: string };

/** The row an event is stored as, before it has a place in the chain. */
export function auditRow(input: AuditInput) {
  const data = JSON.stringify(input.data ?? {});
  return {
    id: newId("auditEvent"),
    workspaceId: input.workspaceId,
    createdAt: input.createdAt ?? new Date(),
    actorType: input.actorType,
    actorId: input.actorId,
    action: input.action,
    storeId: input.storeId ?? null,
    sessionId: input.sessionId ?? null,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    requestId: input.requestId ?? null,
    data,
    dataSha256: dataDigest(data),
    hashVersion: HASH_VERSION,
  };
}
export type AuditRow = ReturnType<typeof auditRow>;

/** Gives a row its place after `head`: seq, link and hash. */
export function sealRow<R extends Omit<AuditRow, "data">>(row: R, head: ChainHead | null | undefined) {
  const fields = { ...row, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? GENESIS_HASH };
  return { ...fields, hash: eventHashV2(fields) };
}

/** The row that follows `head` in the workspace's chain, hash included. */
export const nextEvent = (input: AuditInput, head: ChainHead | null | undefined) => sealRow(auditRow(input), head);

/**
 * Appends one event, sealed, to the workspace's hash chain inside the caller's Prisma
 * transaction (workspace-level actions; memory writes go through write/commit-change.ts). On
 * PostgreSQL it takes the chain's lock, the workspace row, which the sealer takes too: held from
 * here to the commit, so keep it for short transactions or append at their end.
 */
export async function appendAuditEvent(tx: Tx, input: AuditInput) {
  if (isPostgresUrl(config.databaseUrl)) await tx.$queryRawUnsafe(`SELECT 1 FROM "Workspace" WHERE "id" = $1 FOR NO KEY UPDATE`, input.workspaceId);
  const head = await tx.auditEvent.findFirst({
    where: { workspaceId: input.workspaceId, seq: { gt: 0 } },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  return tx.auditEvent.create({ data: nextEvent(input, head) });
}

/** An event of what a request did: appendAuditEvent with the request's workspace, actor and id. */
export function auditRequest(tx: Tx, ctx: RequestContext, event: Omit<AuditInput, "workspaceId" | "actorType" | "actorId" | "requestId">) {
  return appendAuditEvent(tx, { workspaceId: ctx.principal.workspaceId, ...auditActorOf(ctx.principal), requestId: ctx.requestId, ...event });
}
