import "server-only";
import { newId } from "@/lib/ids";
import { auditRequest } from "../audit/append-audit-event";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { badRequest, forbidden, notFound } from "../http/api-error";
import { mergeMetadata } from "../stores/store-input";
import { toWireSession } from "./serialize-session";
import { attachSessionResources, type SessionResourceInput } from "./session-resources";

export type CreateSessionInput = {
  agentId?: string | null;
  title?: string | null;
  externalId?: string | null;
  metadata?: Record<string, string> | null;
  resources?: readonly SessionResourceInput[] | null;
};

/** When a session starts or ends: now, unless a caller inside the server (the demo seed, which backdates its sessions) gives a time. */
export type SessionTime = { at?: Date };

/** Starts a session. Agent keys start sessions for their own agent; admins name the agent. Attached stores narrow what it may touch. */
export async function createSession(ctx: RequestContext, input: CreateSessionInput, { at }: SessionTime = {}) {
  authorize(ctx, "sessions:write");
  const { principal } = ctx;
  const agentId = resolveAgentId(ctx, input.agentId ?? null);
  const title = input.title ?? "";
  if (title.length > 255) throw badRequest("title: must be at most 255 characters");
  const externalId = input.externalId ?? null;
  if (externalId !== null && (externalId.length < 1 || externalId.length > 255)) throw badRequest("external_id: must be 1 to 255 characters");
  const metadata = mergeMetadata({}, input.metadata ?? {});
  const resources = input.resources ?? [];
  const session = await runTransaction(
    async ({ tx }) => {
      const agent = await tx.agent.findFirst({ where: { id: agentId, workspaceId: principal.workspaceId } });
      if (!agent) throw notFound(`Agent ${agentId}`);
      const created = await tx.session.create({
        data: {
          id: newId("session"),
          workspaceId: principal.workspaceId,
          agentId,
          apiKeyId: principal.type === "api_key" ? principal.apiKeyId : null,
          title,
          externalId,
          metadata: JSON.stringify(metadata),
          startedAt: at ?? new Date(),
        },
      });
      const attached = await attachSessionResources(ctx, tx, created.id, resources);
      await auditRequest(tx, ctx, {
        action: "session.created",
        sessionId: created.id,
        targetType: "session",
        targetId: created.id,
        data: {
          agent_id: agentId,
          title,
          external_id: externalId,
          ...(attached.length > 0 ? { resources: attached.map((row) => ({ memory_store_id: row.storeId, access: row.access })) } : {}),
        },
      });
      return { ...created, attached };
    },
    { lockWorkspace: principal.workspaceId },
  );
  return toWireSession(session, { reads: 0, writes: 0, storeIds: [] }, session.attached);
}

function resolveAgentId(ctx: RequestContext, requested: string | null): string {
  const { principal } = ctx;
  if (principal.type === "api_key" && principal.keyKind === "agent") {
    if (requested && requested !== principal.agentId) throw forbidden("An agent key can only start sessions for its own agent.");
    return principal.agentId!;
  }
  if (!requested) throw badRequest("agent_id: required unless the request uses an agent key");
  return requested;
}
