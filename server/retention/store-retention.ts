import "server-only";
import { KEEP_EVERYTHING, MANAGED_AGENTS_PRESET } from "@/lib/retention/retention-policy";
import { authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { updateStore } from "../stores/update-store";
import { planStoreRetention } from "./plan-store-retention";
import type { RetentionInput } from "./retention-input";

const PREVIEW = 50;

/** A store's policy and what the next run would remove (counts, and the oldest versions it names), never content. */
export async function getStoreRetention(ctx: RequestContext, storeId: string, now = new Date()) {
  const store = await authorizeStore(ctx, "stores:read", storeId);
  const { db } = await getDb();
  const plan = await planStoreRetention(db, store, now);
  const shown = plan.expired.slice(0, PREVIEW);
  const rows = await db.memoryVersion.findMany({
    where: { workspaceId: store.workspaceId, id: { in: shown.map((v) => v.id) } },
    select: { id: true, memoryId: true, path: true, createdAt: true },
  });
  return {
    type: "memory_store_retention" as const,
    memory_store_id: store.id,
    policy: plan.policy,
    presets: { managed_agents: MANAGED_AGENTS_PRESET, keep_everything: KEEP_EVERYTHING },
    next_run: {
      versions_removed: plan.expired.length,
      memories_affected: new Set(plan.expired.map((v) => v.memoryId)).size,
      held: { store: plan.storeHeld, hold_ids: plan.holdIds },
      versions: rows
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((row) => ({ id: row.id, memory_id: row.memoryId, path: row.path, created_at: row.createdAt.toISOString() })),
    },
  };
}

/** Sets a store's retention policy (store create and update accept it too). */
export async function setStoreRetention(ctx: RequestContext, storeId: string, input: RetentionInput) {
  await updateStore(ctx, storeId, { retention: input });
  return getStoreRetention(ctx, storeId);
}
