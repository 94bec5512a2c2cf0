import "server-only";
import { redactApprovedProposal } from "./redact-proposals";
import { newId } from "@/lib/ids";
import { authorizeStore } from "../auth/authorize";
import { auditActorOf, type RequestContext } from "../auth/principal";
import { redactedColumns } from "./redacted-columns";
import { auditRequest } from "../audit/append-audit-event";
import { hmacHex } from "../crypto";
import { runTransaction } from "../db/transaction";
import type { Tx } from "../db/client";
import { badRequest, notFound } from "../http/api-error";
import { scrubDatabaseFiles } from "../db/scrub";
import { forgetOrphanPaths } from "./redact-paths";
import { holdOverride } from "../holds/active-holds";

/**
 * Clears a version's content, hash, size and path (and the path from reads and audit data where
 * nothing else names it). The head of a live memory cannot be
 * redacted: its content is what the memory is, so a clean version must be written first.
 * The record keeps who, when, why, and an HMAC of what was removed, never the text.
 */
export async function redactVersion(ctx: RequestContext, storeId: string, versionId: string, reason = "", holdOverrideReason?: string) {
  await authorizeStore(ctx, "redaction:create", storeId);
  const result = await runTransaction(({ tx }) => redactVersionInTx(tx, ctx, storeId, versionId, reason, holdOverrideReason), {
    lockWorkspace: ctx.principal.workspaceId,
  });
  await scrubDatabaseFiles(ctx.principal.workspaceId);
  return result;
}

/**
 * The redaction itself, in the caller's transaction (which holds the workspace lock); the caller scrubs afterwards.
 * Under a legal hold it needs `holdOverrideReason`, which the audit event records.
 */
export async function redactVersionInTx(tx: Tx, ctx: RequestContext, storeId: string, versionId: string, reason: string, holdOverrideReason?: string) {
  const workspaceId = ctx.principal.workspaceId;
  const version = await tx.memoryVersion.findFirst({ where: { id: versionId, workspaceId, storeId } });
  if (!version) throw notFound(`Memory version ${versionId}`);
  if (version.redactedAt) return version;
  const memory = await tx.memory.findUnique({ where: { id: version.memoryId, workspaceId } });
  if (memory && memory.deletedAt === null && memory.headVersionId === version.id) {
    throw badRequest(
      `Memory version ${versionId} is the current version of memory ${memory.id}; write a new version of the memory first, then redact this one.`,
    );
  }
  const override = await holdOverride(tx, [{ storeId, memoryIds: [version.memoryId] }], holdOverrideReason);
  const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  const now = new Date();
  const redacted = await tx.memoryVersion.update({
    where: { id: version.id, workspaceId },
    data: redactedColumns(ctx.principal, now),
  });
  // Its path goes too, from reads and audit data, where no other row still names it.
  await forgetOrphanPaths(
    tx,
    ctx,
    storeId,
    [version.path, version.previousPath].filter((p): p is string => p !== null),
  );
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
  await tx.versionRedaction.create({ data: { versionId: version.id, redactionId: redaction.id, createdAt: now } });
  await redactApprovedProposal(tx, workspaceId, version.id, now);
  await auditRequest(tx, ctx, {
    action: "version.redacted",
    storeId,
    targetType: "memory_version",
    targetId: version.id,
    data: { memory_id: version.memoryId, redaction_id: redaction.id, reason, ...override },
    createdAt: now,
  });
  return redacted;
}
