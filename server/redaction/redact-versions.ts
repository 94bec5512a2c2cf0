import "server-only";
import { authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { scrubDatabaseFiles, scrubStatus } from "../db/scrub";
import { runTransaction } from "../db/transaction";
import { badRequest, notFound } from "../http/api-error";
import { redactVersionInTx } from "./redact-version";
import type { WireMemoryVersion } from "../api/schemas";

export type RedactVersionsInput = { versionIds: string[]; reason: string; dryRun: boolean; holdOverrideReason?: string };

/**
 * Whole-version redaction of several versions (of any stores the caller may redact in), all or
 * nothing. The current version of a live memory is refused, as for a single version.
 */
export async function redactVersions(ctx: RequestContext, input: RedactVersionsInput) {
  const ids = [...new Set(input.versionIds)];
  const { db } = await getDb();
  const versions = await db.memoryVersion.findMany({ where: { id: { in: ids }, workspaceId: ctx.principal.workspaceId } });
  const byId = new Map(versions.map((v) => [v.id, v]));
  for (const id of ids) if (!byId.has(id)) throw notFound(`Memory version ${id}`);
  for (const storeId of new Set(versions.map((v) => v.storeId))) await authorizeStore(ctx, "redaction:create", storeId);
  const heads = await db.memory.findMany({
    where: { workspaceId: ctx.principal.workspaceId, id: { in: versions.map((v) => v.memoryId) }, deletedAt: null },
    select: { headVersionId: true },
  });
  const liveHeads = new Set(heads.map((m) => m.headVersionId));
  const plan = ids.map((id) => {
    const v = byId.get(id)!;
    return {
      version_id: v.id,
      memory_id: v.memoryId,
      store_id: v.storeId,
      path: v.path,
      operation: v.operation as WireMemoryVersion["operation"],
      created_at: v.createdAt.toISOString(),
      is_head: liveHeads.has(v.id),
      already_redacted: v.redactedAt !== null,
    };
  });
  if (input.dryRun) return { type: "redaction_plan" as const, dry_run: true as const, mode: "version" as const, versions: plan };
  const refused = plan.filter((p) => p.is_head);
  if (refused.length) {
    throw badRequest(
      `Memory version ${refused[0].version_id} is the current version of memory ${refused[0].memory_id}; write a new version of the memory first (or redact its text), then redact this one.`,
    );
  }
  await runTransaction(
    async ({ tx }) => {
      for (const p of plan) await redactVersionInTx(tx, ctx, p.store_id, p.version_id, input.reason, input.holdOverrideReason);
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
  const scrub = scrubStatus(await scrubDatabaseFiles(ctx.principal.workspaceId));
  return {
    type: "redaction" as const,
    dry_run: false as const,
    mode: "version" as const,
    reason: input.reason,
    versions: plan.map((p) => ({ ...p, path: null })),
    scrub,
  };
}
