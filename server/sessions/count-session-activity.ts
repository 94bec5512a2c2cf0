import "server-only";
import { getDb } from "../db/client";
import type { SessionCounts } from "./serialize-session";

/** Reads and writes per session, for a page of sessions: two grouped queries, not one per row. */
export async function countSessionActivity(workspaceId: string, sessionIds: string[]): Promise<Map<string, SessionCounts>> {
  const counts = new Map<string, SessionCounts>(sessionIds.map((id) => [id, { reads: 0, writes: 0 }]));
  if (sessionIds.length === 0) return counts;
  const { db } = await getDb();
  const where = { workspaceId, sessionId: { in: sessionIds } };
  const [writes, reads] = await Promise.all([
    db.memoryVersion.groupBy({ by: ["sessionId"], where, _count: { _all: true } }),
    db.memoryRead.groupBy({ by: ["sessionId"], where, _count: { _all: true } }),
  ]);
  for (const row of writes) if (row.sessionId) counts.get(row.sessionId)!.writes = row._count._all;
  for (const row of reads) if (row.sessionId) counts.get(row.sessionId)!.reads = row._count._all;
  return counts;
}
