import "server-only";
import { idBody } from "@/lib/ids";
import type { Principal } from "../auth/principal";
import { readableStoresWhere } from "../auth/readable-stores";
import { getDb } from "../db/client";
import type { SessionCounts } from "./serialize-session";

/**
 * Reads and writes per session, and the stores each touched (in the order it first touched them,
 * only those the principal may read now), for a page of sessions: two grouped queries, not one per row.
 */
export async function countSessionActivity(principal: Principal, sessionIds: string[]): Promise<Map<string, SessionCounts>> {
  const counts = new Map<string, SessionCounts>(sessionIds.map((id) => [id, { reads: 0, writes: 0, storeIds: [] }]));
  if (sessionIds.length === 0) return counts;
  const { db } = await getDb();
  const where = { workspaceId: principal.workspaceId, sessionId: { in: sessionIds } };
  const [writes, reads, readable] = await Promise.all([
    db.memoryVersion.groupBy({ by: ["sessionId", "storeId"], where, _count: { _all: true }, _min: { id: true } }),
    db.memoryRead.groupBy({ by: ["sessionId", "storeId"], where, _count: { _all: true }, _min: { id: true } }),
    readableStoresWhere(principal),
  ]);
  const mayRead = (storeId: string) => !readable.storeId || readable.storeId.in.includes(storeId);
  // Per session, each store's first event: version and read ids both sort by time in their body.
  const firstUse = new Map<string, Map<string, string>>();
  const add = (row: { sessionId: string | null; storeId: string; _count: { _all?: number }; _min: { id?: string | null } }, kind: "reads" | "writes") => {
    if (!row.sessionId) return;
    counts.get(row.sessionId)![kind] += row._count._all ?? 0;
    if (!mayRead(row.storeId) || !row._min.id) return;
    const stores = firstUse.get(row.sessionId) ?? new Map<string, string>();
    const first = idBody(row._min.id);
    if (!stores.has(row.storeId) || first < stores.get(row.storeId)!) stores.set(row.storeId, first);
    firstUse.set(row.sessionId, stores);
  };
  for (const row of writes) add(row, "writes");
  for (const row of reads) add(row, "reads");
  for (const [sessionId, stores] of firstUse) counts.get(sessionId)!.storeIds = [...stores].sort((a, b) => (a[1] < b[1] ? -1 : 1)).map(([id]) => id);
  return counts;
}
