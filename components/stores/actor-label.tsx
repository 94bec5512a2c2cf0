"use client";
import Link from "next/link";
import { ActorHoverCard } from "@/components/actors/actor-hover-card";
import styles from "./actor-label.module.css";
import type { ActorNames, WireActor } from "./types";

/** Who made a change: the agent and its session, an API key, or a console user; each name has a hover card (not in compact rows). */
export function ActorLabel({
  actor,
  agentId,
  apiKeyId,
  names,
  compact,
}: {
  actor: WireActor;
  agentId?: string | null;
  /** The key behind a session write; shown when no agent is (an admin key writing inside a session). */
  apiKeyId?: string | null;
  names: ActorNames;
  compact?: boolean;
}) {
  if (actor.type === "session_actor") {
    const byKey = !agentId && apiKeyId;
    const agent = agentId ? (names.agents[agentId] ?? agentId) : byKey ? (names.apiKeys[apiKeyId] ?? apiKeyId) : "agent";
    if (compact) return <span className="actor">{agent}</span>;
    const cardId = agentId ?? (byKey ? apiKeyId : null);
    return (
      <span className="actor">
        <span className={styles.kind}>{byKey ? "key" : "agent"}</span> {cardId ? <ActorHoverCard actorId={cardId}>{agent}</ActorHoverCard> : agent}{" "}
        <Link className="mono" href={`/sessions/${actor.session_id}`} onClick={(event) => event.stopPropagation()}>
          {shortId(actor.session_id)}
        </Link>
      </span>
    );
  }
  if (actor.type === "user_actor") {
    return (
      <span className="actor">
        <span className={styles.kind}>user</span> <ActorHoverCard actorId={actor.user_id}>{names.users[actor.user_id] ?? actor.user_id}</ActorHoverCard>
      </span>
    );
  }
  return (
    <span className="actor">
      <span className={styles.kind}>key</span>{" "}
      {actor.api_key_id.startsWith("apikey_") ? (
        <ActorHoverCard actorId={actor.api_key_id}>{names.apiKeys[actor.api_key_id] ?? actor.api_key_id}</ActorHoverCard>
      ) : (
        actor.api_key_id || "unknown"
      )}
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
