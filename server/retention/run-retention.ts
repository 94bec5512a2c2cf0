import "server-only";
import { auditRequest } from "../audit/append-audit-event";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { scrubDatabaseFiles, scrubStatus, type ScrubStatus } from "../db/scrub";
import { runTransaction } from "../db/transaction";
import { planStoreRetention, type StoreRetentionPlan } from "./plan-store-retention";

export type RetentionRunInput = { storeId?: string; dryRun: boolean; now?: Date };
export type StoreRetentionResult = {
  memory_store_id: string;
  policy: StoreRetentionPlan["policy"];
  versions_removed: number;
  memories_affected: number;
  held: { store: boolean; hold_ids: string[] };
  version_ids: string[];
};

const CHUNK = 500;

/**
 * Removes the expired versions of every store of the workspace with a retention policy (or of one
 * store), physically: the rows are deleted, with the version's redaction links and findings, and
 * the database files are scrubbed as after a redaction. Never a head, never a memory's newest
 * `keep_latest`, never under a legal hold. One transaction per store under the workspace lock,
 * planned inside it, so two instances running at once remove each version once and the second
 * finds nothing left. Each store that lost versions gets a `retention.run` audit event with counts.
 */
export async function runRetention(ctx: RequestContext, input: RetentionRunInput) {
  authorize(ctx, "stores:manage");
  const now = input.now ?? new Date();
  const { db } = await getDb();
  const stores = await db.store.findMany({
    where: { workspaceId: ctx.principal.workspaceId, retentionVersionDays: { not: null }, ...(input.storeId ? { id: input.storeId } : {}) },
    orderBy: { id: "asc" },
  });
  const results: StoreRetentionResult[] = [];
  for (const store of stores) {
    const plan = input.dryRun ? await planStoreRetention(db, store, now) : await removeExpired(ctx, store.id, now);
    if (plan) results.push(resultOf(plan));
  }
  const removed = results.reduce((sum, r) => sum + r.versions_removed, 0);
  const scrub: ScrubStatus | null = !input.dryRun && removed > 0 ? scrubStatus(await scrubDatabaseFiles(ctx.principal.workspaceId)) : null;
  return { type: "retention_run" as const, dry_run: input.dryRun, now: now.toISOString(), versions_removed: removed, stores: results, scrub };
}

function resultOf(plan: StoreRetentionPlan): StoreRetentionResult {
  return {
    memory_store_id: plan.storeId,
    policy: plan.policy,
    versions_removed: plan.expired.length,
    memories_affected: new Set(plan.expired.map((v) => v.memoryId)).size,
    held: { store: plan.storeHeld, hold_ids: plan.holdIds },
    version_ids: plan.expired.map((v) => v.id),
  };
}

async function removeExpired(ctx: RequestContext, storeId: string, now: Date): Promise<StoreRetentionPlan | null> {
  return runTransaction(
    async ({ tx }) => {
      const store = await tx.store.findFirst({ where: { id: storeId, workspaceId: ctx.principal.workspaceId } });
      if (!store) return null; // deleted since the listing
      const plan = await planStoreRetention(tx, store, now);
      if (plan.expired.length === 0) return plan;
      const ids = plan.expired.map((v) => v.id);
      for (let at = 0; at < ids.length; at += CHUNK) {
        const chunk = ids.slice(at, at + CHUNK);
        await tx.versionRedaction.deleteMany({ where: { versionId: { in: chunk } } });
        await tx.finding.deleteMany({ where: { storeId, versionId: { in: chunk } } });
        await tx.memoryVersion.deleteMany({ where: { workspaceId: store.workspaceId, storeId, id: { in: chunk } } });
      }
      const result = resultOf(plan);
      await auditRequest(tx, ctx, {
        action: "retention.run",
        storeId,
        targetType: "memory_store",
        targetId: storeId,
        data: {
          policy: plan.policy,
          run_at: now.toISOString(),
          versions_removed: result.versions_removed,
          memories_affected: result.memories_affected,
          held_hold_ids: plan.holdIds,
        },
      });
      return plan;
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
