import "server-only";
import type { WireActor } from "../api/schemas";

export const roles = ["admin", "developer", "compliance", "viewer"] as const;
export type Role = (typeof roles)[number];

export type UserPrincipal = { type: "user"; workspaceId: string; userId: string; role: Role; email: string; name: string };
export type ApiKeyPrincipal = {
  type: "api_key";
  workspaceId: string;
  apiKeyId: string;
  keyKind: "admin" | "agent";
  agentId: string | null;
  /** Set when an agent key names a session (x-engram-session-id) of its own agent; never for admin keys. */
  sessionId: string | null;
};
/** Operators at the command line (scripts/cli.ts): trusted, attributed to "system". */
export type SystemPrincipal = { type: "system"; workspaceId: string };
export type Principal = UserPrincipal | ApiKeyPrincipal | SystemPrincipal;

/** What every domain function receives: who is asking, and the request to blame. */
export type RequestContext = { principal: Principal; requestId: string };

/** The wire actor (SDK `created_by`) a principal's writes are attributed to. */
export type { WireActor };

export function actorOf(principal: Principal): WireActor {
  if (principal.type === "system") return { type: "api_actor", api_key_id: "system" };
  if (principal.type === "user") return { type: "user_actor", user_id: principal.userId };
  if (principal.sessionId) return { type: "session_actor", session_id: principal.sessionId };
  return { type: "api_actor", api_key_id: principal.apiKeyId };
}

/** Columns recording the actor on versions and reads. */
export function actorColumns(principal: Principal) {
  if (principal.type === "system") {
    return { actorType: "api_key", userId: null, sessionId: null, apiKeyId: "system", agentId: null };
  }
  if (principal.type === "user") {
    return { actorType: "user", userId: principal.userId, sessionId: null, apiKeyId: null, agentId: null };
  }
  return {
    actorType: principal.sessionId ? "session" : "api_key",
    userId: null,
    sessionId: principal.sessionId,
    apiKeyId: principal.apiKeyId,
    agentId: principal.agentId,
  };
}

/**
 * The audit log's actor: always the key or user that acted. A session is never the actor; memory
 * reads and writes record it beside the actor (the event's sessionId, from actorColumns).
 */
export function auditActorOf(principal: Principal): { actorType: string; actorId: string } {
  if (principal.type === "system") return { actorType: "system", actorId: "system" };
  if (principal.type === "user") return { actorType: "user", actorId: principal.userId };
  return { actorType: "api_key", actorId: principal.apiKeyId };
}
