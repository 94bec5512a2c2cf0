import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { notFound } from "../http/api-error";
import { agentScope } from "./agent-access";
import { toWireAgent } from "./serialize-agent";

export async function getAgent(ctx: RequestContext, agentId: string) {
  authorize(ctx, "sessions:read");
  const { db } = await getDb();
  const agent = await db.agent.findFirst({ where: { AND: [agentScope(ctx.principal), { id: agentId }] } });
  if (!agent) throw notFound(`Agent ${agentId}`);
  return toWireAgent(agent);
}
