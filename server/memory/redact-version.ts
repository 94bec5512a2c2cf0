import "server-only";
import { newId } from "@/lib/ids";
import { authorizeStore } from "../auth/authorize";
import { auditActorOf, type RequestContext } from "../auth/principal";
import { redactedColumns } from "./redacted-columns";
import { appendAuditEvent } from "../audit/append-audit-event";
import { hmacHex } from "../crypto";
import { runTransaction } from "../db/transaction";
import type { Tx } from "../db/client";
import { badRequest, notFound } from "../http/api-error";
import { scrubDatabaseFiles } from "../db/scrub";

/**
 * Clears a version's content, hash, size and path. The head of a live memory cannot be
 * redacted: its content is what the memory is, so a clean version must be written first.
 * The record keeps who, when, why, and an HMAC of what was removed, never the text.
 */
export async function redactVersion(ctx: RequestContext, storeId: string, versionId: string, reason = "") {
  await authorizeStore(ctx, "redaction:create", storeId);
  const result = await runTransaction(({ tx }) => redactVersionInTx(tx, ctx, storeId, versionId, reason), { lockWorkspace: ctx.principal.workspaceId });
  await scrubDatabaseFiles();
  return result;
}

/** The redaction itself, in the caller's transaction (which holds the workspace lock); the caller scrubs afterwards. */
export async function redactVersionInTx(tx: Tx, ctx: RequestContext, storeId: string, versionId: string, reason: string) {
  const version = await tx.memoryVersion.findFirst({ where: { id: versionId, storeId } });
  if (!version) throw notFound(`Memory version ${versionId}`);
  if (version.redactedAt) return version;
  const memory = await tx.memory.findUnique({ where: { id: version.memoryId } });
  if (memory && memory.deletedAt === null && memory.headVersionId === version.id) {
    throw badRequest(
      `Memory version ${versionId} is the current version of memory ${memory.id}; write a new version of the memory first, then redact this one.`,
    );
  }
  const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: ctx.principal.workspaceId } });
  const now = new Date();
  const redacted = await tx.memoryVersion.update({
    where: { id: version.id },
    data: redactedColumns(ctx.principal, now),
  });
  const redaction = await tx.redaction.create({
    data: {
      id: newId("redaction"),
      workspaceId: ctx.principal.workspaceId,
      storeId,
      mode: "version",
      reason,
      ...auditActorOf(ctx.principal),
      versionIds: JSON.stringify([version.id]),
      digest: hmacHex(workspace.hmacKey, version.content ?? ""),
      createdAt: now,
    },
  });
  await appendAuditEvent(tx, {
    workspaceId: ctx.principal.workspaceId,
    ...auditActorOf(ctx.principal),
    action: "version.redacted",
    storeId,
    targetType: "memory_version",
    targetId: version.id,
    requestId: ctx.requestId,
    data: { memory_id: version.memoryId, redaction_id: redaction.id, reason },
    createdAt: now,
  });
  return redacted;
}
