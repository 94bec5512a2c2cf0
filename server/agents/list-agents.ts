import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { agentScope } from "./agent-access";
import { toWireAgent } from "./serialize-agent";

/** Agents newest first. Any console role may see them (sessions name them); an agent key sees itself. */
export async function listAgents(ctx: RequestContext, input: { limit: number; page?: string }) {
  authorize(ctx, "sessions:read");
  const { db } = await getDb();
  const cursor = decodeCursor<{ id: string }>(input.page, ["id"]);
  const rows = await db.agent.findMany({
    where: { AND: [agentScope(ctx.principal), cursor ? { id: { lt: cursor.id } } : {}] },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, toWireAgent, (row) => ({ id: row.id }));
}
