// PostgreSQL: the workspace's audit events that still wait for the sealer (seq < 0), and a wait
// until it has sealed them all (server/audit/seal-audit-events.ts).
import { getDb } from "@/server/db/client";

export async function unsealedEvents(workspaceId: string): Promise<number> {
  const { db } = await getDb();
  const rows = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "workspaceId" = $1 AND "seq" < 0`, workspaceId);
  return rows[0].n;
}

export async function untilSealed(workspaceId: string): Promise<void> {
  while ((await unsealedEvents(workspaceId)) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
}
