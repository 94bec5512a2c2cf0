import "server-only";
import { auditRequest } from "../audit/append-audit-event";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { notFound } from "../http/api-error";
import { countSessionActivity } from "./count-session-activity";
import type { SessionTime } from "./create-session";
import { toWireSession } from "./serialize-session";
import { loadSessionResources } from "./session-resources";
import { sessionScope } from "./session-access";

/** Ends a session; ending an ended session changes nothing and records nothing. */
export async function endSession(ctx: RequestContext, sessionId: string, { at }: SessionTime = {}) {
  authorize(ctx, "sessions:write");
  const { principal } = ctx;
  const session = await runTransaction(
    async ({ tx }) => {
      const found = await tx.session.findFirst({ where: { id: sessionId, ...sessionScope(principal) } });
      if (!found) throw notFound(`Session ${sessionId}`);
      if (found.endedAt) return found;
      const ended = await tx.session.update({ where: { id: found.id }, data: { endedAt: at ?? new Date() } });
      await auditRequest(tx, ctx, {
        action: "session.ended",
        sessionId: found.id,
        targetType: "session",
        targetId: found.id,
        data: { agent_id: found.agentId },
      });
      return ended;
    },
    { lockWorkspace: principal.workspaceId },
  );
  const counts = await countSessionActivity(principal, [session.id]);
  const resources = await loadSessionResources(principal.workspaceId, [session.id]);
  return toWireSession(session, counts.get(session.id)!, resources.get(session.id)!);
}
