import "server-only";
import { newId } from "@/lib/ids";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { auditRequest } from "../audit/append-audit-event";
import { runTransaction } from "../db/transaction";
import { ApiError, badRequest } from "../http/api-error";

export async function createAgent(ctx: RequestContext, input: { name: string; description?: string }) {
  authorize(ctx, "agents:manage");
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw badRequest("name: must be 1 to 100 characters");
  return runTransaction(
    async ({ tx }) => {
      const taken = await tx.agent.findFirst({ where: { workspaceId: ctx.principal.workspaceId, name } });
      if (taken) throw new ApiError("conflict_error", `An agent named "${name}" already exists.`);
      const agent = await tx.agent.create({
        data: { id: newId("agent"), workspaceId: ctx.principal.workspaceId, name, description: input.description ?? "" },
      });
      await auditRequest(tx, ctx, {
        action: "agent.created",
        targetType: "agent",
        targetId: agent.id,
        data: { name },
      });
      return agent;
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
