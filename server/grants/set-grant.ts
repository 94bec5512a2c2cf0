import "server-only";
import { newId } from "@/lib/ids";
import { appendAuditEvent } from "../audit/append-audit-event";
import { authorize } from "../auth/authorize";
import { auditActorOf, type RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { notFound } from "../http/api-error";

export type GrantAccess = "read_only" | "read_write";

/**
 * Gives an agent (or every agent, with agentId null) read-only or read-write access to a store,
 * replacing what it had; `access: null` removes the grant.
 */
export async function setGrant(ctx: RequestContext, input: { storeId: string; agentId: string | null; access: GrantAccess | null }) {
  authorize(ctx, "grants:manage");
  const workspaceId = ctx.principal.workspaceId;
  return runTransaction(
    async ({ tx }) => {
      const store = await tx.store.findFirst({ where: { id: input.storeId, workspaceId } });
      if (!store) throw notFound(`Memory store ${input.storeId}`);
      if (input.agentId) {
        const agent = await tx.agent.findFirst({ where: { id: input.agentId, workspaceId } });
        if (!agent) throw notFound(`Agent ${input.agentId}`);
      }
      const existing = await tx.grant.findFirst({ where: { storeId: store.id, agentId: input.agentId } });
      if ((existing?.access ?? null) === input.access) return existing;
      if (existing) await tx.grant.delete({ where: { id: existing.id } });
      const grant = input.access
        ? await tx.grant.create({ data: { id: newId("grant"), workspaceId, storeId: store.id, agentId: input.agentId, access: input.access } })
        : null;
      await appendAuditEvent(tx, {
        workspaceId,
        ...auditActorOf(ctx.principal),
        action: input.access ? "grant.set" : "grant.removed",
        storeId: store.id,
        targetType: "agent",
        targetId: input.agentId ?? "*",
        requestId: ctx.requestId,
        data: { access: input.access, previous: existing?.access ?? null },
      });
      return grant;
    },
    { lockWorkspace: workspaceId },
  );
}
