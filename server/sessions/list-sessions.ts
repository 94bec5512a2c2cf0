import "server-only";
import { sqlParams } from "../db/sql-params";
import { authorize, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { containsText } from "../db/contains-text";
import { decodeCursor, pageOf } from "../http/cursor";
import { countSessionActivity } from "./count-session-activity";
import { toWireSession } from "./serialize-session";
import { loadSessionResources } from "./session-resources";
import { sessionScope } from "./session-access";

export type ListSessionsInput = {
  limit: number;
  page?: string;
  agentId?: string;
  /** Sessions that wrote or read in this store. */
  storeId?: string;
  startedGte?: Date;
  startedLte?: Date;
  /** Sessions whose title or external id contains this text (any case). */
  q?: string;
  /** Sessions that wrote at least one version (in `storeId`, when given), or none. */
  wrote?: boolean;
};

const BATCH = 200;

/**
 * Sessions newest first, each with its read and write counts. Filters on what a session did
 * (`storeId`, `wrote`) are checked a batch of candidates at a time against the versions and
 * reads indexes, so the cost follows the page, not the size of the history.
 */
export async function listSessions(ctx: RequestContext, input: ListSessionsInput) {
  authorize(ctx, "sessions:read");
  if (input.storeId) await authorizeStore(ctx, "sessions:read", input.storeId);
  const { db, dialect } = await getDb();
  const { workspaceId } = ctx.principal;
  const text = input.q ? containsText(dialect, input.q) : null;
  const cursor = decodeCursor(input.page, { id: "string" });
  const byActivity = input.storeId !== undefined || input.wrote !== undefined;
  const rows: Awaited<ReturnType<typeof db.session.findMany>> = [];
  for (let after = cursor?.id; rows.length <= input.limit;) {
    const batch = await db.session.findMany({
      where: {
        AND: [
          sessionScope(ctx.principal),
          input.agentId ? { agentId: input.agentId } : {},
          text ? { AND: text.map((part) => ({ OR: [{ title: part }, { externalId: part }] })) } : {},
          input.startedGte || input.startedLte ? { startedAt: { gte: input.startedGte, lte: input.startedLte } } : {},
          after ? { id: { lt: after } } : {},
        ],
      },
      orderBy: { id: "desc" },
      take: byActivity ? BATCH : input.limit + 1,
    });
    const kept = byActivity
      ? await withActivity(
          workspaceId,
          batch.map((row) => row.id),
          input,
        )
      : null;
    rows.push(...(kept ? batch.filter((row) => kept.has(row.id)) : batch));
    if (!byActivity || batch.length < BATCH) break;
    after = batch[batch.length - 1].id;
  }
  rows.length = Math.min(rows.length, input.limit + 1);
  const ids = rows.map((row) => row.id);
  const counts = await countSessionActivity(ctx.principal, ids);
  const resources = await loadSessionResources(workspaceId, ids);
  return pageOf(
    rows,
    input.limit,
    (row) => toWireSession(row, counts.get(row.id)!, resources.get(row.id)!),
    (row) => ({ id: row.id }),
  );
}

/**
 * Which of `ids` wrote or read in `storeId` (when given) and wrote, or did not (when `wrote` is
 * given). EXISTS per session walks the (workspaceId, sessionId, …) indexes and stops at the first
 * row; a filter on storeId alone let SQLite scan the whole store's history instead (seconds on a
 * large store, blocking every other request meanwhile).
 */
async function withActivity(workspaceId: string, ids: string[], input: ListSessionsInput): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { db, dialect } = await getDb();
  const { params, p: param } = sqlParams(dialect);
  const did = (table: string) =>
    `EXISTS (SELECT 1 FROM "${table}" t WHERE t."workspaceId" = ${param(workspaceId)} AND t."sessionId" = s."id"${input.storeId ? ` AND t."storeId" = ${param(input.storeId)}` : ""})`;
  const wrote = did("MemoryVersion");
  const read = input.storeId ? did("MemoryRead") : "0";
  const rows = await db.$queryRawUnsafe<{ id: string; wrote: unknown; read: unknown }[]>(
    `SELECT s."id" AS "id", ${wrote} AS "wrote", ${read} AS "read" FROM "Session" s WHERE s."id" IN (${ids.map(param).join(", ")})`,
    ...params,
  );
  const kept = rows.filter((row) => {
    const writer = Number(row.wrote) === 1;
    return (!input.storeId || writer || Number(row.read) === 1) && (input.wrote === undefined || writer === input.wrote);
  });
  return new Set(kept.map((row) => row.id));
}
