import "server-only";
import { newId } from "@/lib/ids";
import { auditRequest } from "../audit/append-audit-event";
import { runTransaction } from "../db/transaction";
import { badRequest, notFound } from "../http/api-error";
import { newApiKeySecret } from "../auth/api-key-secret";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";

export type CreateApiKeyInput = { name: string; kind: "admin" | "agent"; agentId?: string | null };

/** Creates a key and returns its secret, which is shown this once and never stored. */
export async function createApiKey(ctx: RequestContext, input: CreateApiKeyInput) {
  authorize(ctx, "keys:manage");
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw badRequest("name: must be 1 to 100 characters");
  if (input.kind === "agent" && !input.agentId) throw badRequest("agent_id: an agent key needs an agent");
  if (input.kind === "admin" && input.agentId) throw badRequest("agent_id: admin keys belong to no agent");
  const { secret, hash, prefix } = newApiKeySecret();
  const key = await runTransaction(
    async ({ tx }) => {
      if (input.agentId) {
        const agent = await tx.agent.findFirst({ where: { id: input.agentId, workspaceId: ctx.principal.workspaceId } });
        if (!agent) throw notFound(`Agent ${input.agentId}`);
      }
      const created = await tx.apiKey.create({
        data: {
          id: newId("apiKey"),
          workspaceId: ctx.principal.workspaceId,
          agentId: input.agentId ?? null,
          name,
          kind: input.kind,
          prefix,
          hash,
          createdById: ctx.principal.type === "user" ? ctx.principal.userId : null,
        },
      });
      await auditRequest(tx, ctx, {
        action: "api_key.created",
        targetType: "api_key",
        targetId: created.id,
        data: { name, kind: input.kind, agent_id: input.agentId ?? null, prefix },
      });
      return created;
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
  return { key, secret };
}
