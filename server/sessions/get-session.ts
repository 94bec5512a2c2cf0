import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { countSessionActivity } from "./count-session-activity";
import { toWireSession } from "./serialize-session";
import { loadSessionResources } from "./session-resources";
import { findVisibleSession } from "./session-access";

export async function getSession(ctx: RequestContext, sessionId: string) {
  authorize(ctx, "sessions:read");
  const session = await findVisibleSession(ctx.principal, sessionId);
  const counts = await countSessionActivity(ctx.principal, [session.id]);
  const resources = await loadSessionResources(ctx.principal.workspaceId, [session.id]);
  return toWireSession(session, counts.get(session.id)!, resources.get(session.id)!);
}
