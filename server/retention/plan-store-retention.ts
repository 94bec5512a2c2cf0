import "server-only";
import { expiredVersions, type VersionAge } from "@/lib/retention/retention-policy";
import type { Tx } from "../db/client";
import type { Store } from "../db/generated/sqlite/client";
import { activeHolds } from "../holds/active-holds";
import { policyOf } from "./retention-input";

export type StoreRetentionPlan = {
  storeId: string;
  policy: ReturnType<typeof policyOf>;
  /** Versions the run removes, oldest first. */
  expired: VersionAge[];
  /** Active holds that kept versions (the whole store, or these memories). */
  holdIds: string[];
  storeHeld: boolean;
};

/**
 * What a retention run at `now` removes from one store: reads only version ids, memory ids and
 * dates (never content), the heads, and the active holds. Run inside the removing transaction, so
 * a hold placed or a version written since a dry run is respected.
 */
export async function planStoreRetention(db: Tx, store: Store, now: Date): Promise<StoreRetentionPlan> {
  const policy = policyOf(store);
  const holds = await activeHolds(db, store.id);
  const storeHeld = holds.some((hold) => hold.memoryId === null);
  const base = { storeId: store.id, policy, holdIds: holds.map((hold) => hold.id), storeHeld };
  if (policy.version_days === null || storeHeld) return { ...base, expired: [] };
  const cutoff = new Date(now.getTime() - policy.version_days * 86_400_000);
  // Only memories with at least one version old enough can lose any.
  const candidates = await db.memoryVersion.findMany({
    where: { workspaceId: store.workspaceId, storeId: store.id, createdAt: { lt: cutoff } },
    select: { memoryId: true },
    distinct: ["memoryId"],
  });
  const memoryIds = candidates.map((c) => c.memoryId);
  if (memoryIds.length === 0) return { ...base, expired: [] };
  const versions = await db.memoryVersion.findMany({
    where: { workspaceId: store.workspaceId, storeId: store.id, memoryId: { in: memoryIds } },
    select: { id: true, memoryId: true, createdAt: true },
  });
  const memories = await db.memory.findMany({ where: { workspaceId: store.workspaceId, id: { in: memoryIds } }, select: { id: true, headVersionId: true } });
  const heads = new Map(memories.map((m) => [m.id, m.headVersionId]));
  const heldMemories = new Set(holds.map((hold) => hold.memoryId));
  return { ...base, expired: expiredVersions(versions, heads, policy, now, (memoryId) => heldMemories.has(memoryId)) };
}
