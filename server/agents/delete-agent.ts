import "server-only";
import { auditRequest } from "../audit/append-audit-event";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { notFound } from "../http/api-error";

/**
 * Deletes an agent with its keys, grants and sessions (the schema cascades), so its keys stop
 * working at once. Versions it wrote keep their attribution ids; the audit log keeps the rest.
 */
export async function deleteAgent(ctx: RequestContext, agentId: string) {
  authorize(ctx, "agents:manage");
  const { workspaceId } = ctx.principal;
  return runTransaction(
    async ({ tx }) => {
      const agent = await tx.agent.findFirst({ where: { id: agentId, workspaceId } });
      if (!agent) throw notFound(`Agent ${agentId}`);
      const keys = await tx.apiKey.count({ where: { agentId: agent.id } });
      const grants = await tx.grant.count({ where: { agentId: agent.id } });
      const sessions = await tx.session.count({ where: { agentId: agent.id } });
      await tx.agent.delete({ where: { id: agent.id } });
      await auditRequest(tx, ctx, {
        action: "agent.deleted",
        targetType: "agent",
        targetId: agent.id,
        data: { name: agent.name, api_keys: keys, grants, sessions },
      });
      return { id: agent.id, type: "agent_deleted" as const };
    },
    { lockWorkspace: workspaceId },
  );
}
