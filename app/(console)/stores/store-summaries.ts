import "server-only";
import type { RequestContext } from "@/server/auth/principal";
import { getDb } from "@/server/db/client";
import { listStores } from "@/server/stores/list-stores";

/** The stores the user may read (listStores authorizes), with live memory counts and last write. */
export async function storeSummaries(ctx: RequestContext) {
  const page = await listStores(ctx, { limit: 100, includeArchived: false });
  const ids = page.data.map((store) => store.id);
  const { db } = await getDb();
  const [counts, latest] = await Promise.all([
    db.memory.groupBy({ by: ["storeId"], where: { storeId: { in: ids }, livePath: { not: null } }, _count: { _all: true } }),
    db.memoryVersion.groupBy({ by: ["storeId"], where: { storeId: { in: ids } }, _max: { createdAt: true } }),
  ]);
  const countOf = new Map(counts.map((row) => [row.storeId, row._count._all]));
  const latestOf = new Map(latest.map((row) => [row.storeId, row._max.createdAt]));
  return page.data.map((store) => ({ ...store, memoryCount: countOf.get(store.id) ?? 0, lastActivity: latestOf.get(store.id) ?? null }));
}
