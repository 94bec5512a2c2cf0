import "server-only";
import { listAgents } from "../agents/list-agents";
import { hasScope } from "../auth/permissions";
import type { RequestContext } from "../auth/principal";
import { includesText } from "../db/contains-text";
import { listSessions } from "../sessions/list-sessions";
import { findFilesByPath } from "./find-files-by-path";

const PER_KIND = 6;

/**
 * What the console's Ctrl/Cmd+K palette offers for `q`: files by path, sessions by title or
 * external id, agents by name — each through its own domain read, so each is authorized as the
 * caller's other reads are (agent keys: granted stores, their own sessions and agent).
 */
export async function goToAnything(ctx: RequestContext, q: string) {
  const [files, sessions, agents] = await Promise.all([
    findFilesByPath(ctx, q, PER_KIND),
    hasScope(ctx.principal, "sessions:read") ? listSessions(ctx, { q, limit: PER_KIND }).then((page) => page.data) : [],
    hasScope(ctx.principal, "sessions:read") ? listAgents(ctx, { q, limit: PER_KIND }).then((page) => page.data) : [],
  ]);
  // The lists may hold rows that matched only around a % or _ (containsText): keep exact matches.
  return {
    files,
    sessions: sessions.filter((session) => includesText(session.title, q) || includesText(session.external_id, q)),
    agents: agents.filter((agent) => includesText(agent.name, q)),
  };
}
