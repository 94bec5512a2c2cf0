"use client";
import Link from "next/link";
import type { ActorNames, WireActor } from "./types";

/** Who made a change: the agent and its session, an API key, or a console user. */
export function ActorLabel({ actor, agentId, names, compact }: { actor: WireActor; agentId?: string | null; names: ActorNames; compact?: boolean }) {
  if (actor.type === "session_actor") {
    const agent = agentId ? (names.agents[agentId] ?? agentId) : "agent";
    if (compact) return <span className="actor">{agent}</span>;
    return (
      <span className="actor">
        <span className="actor-kind">agent</span> {agent}{" "}
        <Link className="mono" href={`/sessions/${actor.session_id}`} onClick={(event) => event.stopPropagation()}>
          {shortId(actor.session_id)}
        </Link>
      </span>
    );
  }
  if (actor.type === "user_actor") {
    return (
      <span className="actor">
        <span className="actor-kind">user</span> {names.users[actor.user_id] ?? actor.user_id}
      </span>
    );
  }
  return (
    <span className="actor">
      <span className="actor-kind">key</span> {names.apiKeys[actor.api_key_id] ?? (actor.api_key_id || "unknown")}
    </span>
  );
}

export function shortId(id: string) {
  const body = id.slice(id.lastIndexOf("_") + 1);
  return `${id.slice(0, id.lastIndexOf("_") + 1)}…${body.slice(-6)}`;
}

export function formatBytes(bytes: number | null | undefined) {
  if (bytes === null || bytes === undefined) return "—";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
