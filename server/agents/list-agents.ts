import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { nameContains } from "../db/contains-text";
import { decodeCursor, pageOf } from "../http/cursor";
import { agentScope } from "./agent-access";
import { toWireAgent } from "./serialize-agent";

/** Agents newest first, optionally those whose name contains `q` (any case). Any console role may see them (sessions name them); an agent key sees itself. */
export async function listAgents(ctx: RequestContext, input: { limit: number; page?: string; q?: string }) {
  authorize(ctx, "sessions:read");
  const { db, dialect } = await getDb();
  const name = nameContains(dialect, input.q);
  const cursor = decodeCursor(input.page, { id: "string" });
  const rows = await db.agent.findMany({
    where: { AND: [agentScope(ctx.principal), name, cursor ? { id: { lt: cursor.id } } : {}] },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, toWireAgent, (row) => ({ id: row.id }));
}
