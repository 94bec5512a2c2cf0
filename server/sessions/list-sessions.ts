import "server-only";
import { authorize, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { countSessionActivity } from "./count-session-activity";
import { toWireSession } from "./serialize-session";
import { sessionScope } from "./session-access";

export type ListSessionsInput = {
  limit: number;
  page?: string;
  agentId?: string;
  /** Sessions that wrote or read in this store. */
  storeId?: string;
  startedGte?: Date;
  startedLte?: Date;
  /** Sessions that wrote at least one version (in `storeId`, when given), or none. */
  wrote?: boolean;
};

/** Sessions newest first, each with its read and write counts. */
export async function listSessions(ctx: RequestContext, input: ListSessionsInput) {
  authorize(ctx, "sessions:read");
  if (input.storeId) await authorizeStore(ctx, "sessions:read", input.storeId);
  const { db } = await getDb();
  const { workspaceId } = ctx.principal;
  const cursor = decodeCursor<{ id: string }>(input.page, ["id"]);
  const idFilters: object[] = [];
  if (input.storeId) idFilters.push({ id: { in: await sessionsActiveInStore(workspaceId, input.storeId) } });
  if (input.wrote !== undefined) {
    const writers = await sessionsThatWrote(workspaceId, input.storeId);
    idFilters.push({ id: input.wrote ? { in: writers } : { notIn: writers } });
  }
  const rows = await db.session.findMany({
    where: {
      AND: [
        sessionScope(ctx.principal),
        input.agentId ? { agentId: input.agentId } : {},
        input.startedGte || input.startedLte ? { startedAt: { gte: input.startedGte, lte: input.startedLte } } : {},
        cursor ? { id: { lt: cursor.id } } : {},
        ...idFilters,
      ],
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const counts = await countSessionActivity(
    workspaceId,
    rows.map((row) => row.id),
  );
  return pageOf(
    rows,
    input.limit,
    (row) => toWireSession(row, counts.get(row.id)!),
    (row) => ({ id: row.id }),
  );
}

async function sessionsActiveInStore(workspaceId: string, storeId: string): Promise<string[]> {
  const { db } = await getDb();
  const where = { workspaceId, storeId, sessionId: { not: null } };
  const [writers, readers] = await Promise.all([
    db.memoryVersion.findMany({ where, distinct: ["sessionId"], select: { sessionId: true } }),
    db.memoryRead.findMany({ where, distinct: ["sessionId"], select: { sessionId: true } }),
  ]);
  return [...new Set([...writers, ...readers].map((row) => row.sessionId!))];
}

async function sessionsThatWrote(workspaceId: string, storeId?: string): Promise<string[]> {
  const { db } = await getDb();
  const rows = await db.memoryVersion.findMany({
    where: { workspaceId, ...(storeId ? { storeId } : {}), sessionId: { not: null } },
    distinct: ["sessionId"],
    select: { sessionId: true },
  });
  return rows.map((row) => row.sessionId!);
}
