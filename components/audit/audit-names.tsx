"use client";
import Link from "next/link";
import { ActorHoverCard } from "@/components/actors/actor-hover-card";
import { useMemo } from "react";
import type { ActorNames } from "@/components/stores/types";
import type { AuditEvent } from "./audit-viewer";

/** Names for an audit event's actor, store and target; an id only where no name is known. */
export function useAuditNames(names: ActorNames, stores: Record<string, string>) {
  return useMemo(
    () => ({
      actor: (actor: AuditEvent["actor"]) => {
        if (actor.type === "user") return names.users[actor.id] ?? actor.id;
        if (actor.type === "api_key") return names.apiKeys[actor.id] ?? actor.id;
        if (actor.type === "system") return "system";
        return actor.id;
      },
      store: (id: string) => stores[id] ?? id,
      target: (type: string, id: string) =>
        type === "memory_store"
          ? stores[id]
          : type === "agent"
            ? names.agents[id]
            : type === "user"
              ? names.users[id]
              : type === "api_key"
                ? names.apiKeys[id]
                : undefined,
    }),
    [names, stores],
  );
}

type Label = ReturnType<typeof useAuditNames>;

function Actor({ actor, label }: { actor: AuditEvent["actor"]; label: Label }) {
  if (actor.type === "session") {
    return (
      <>
        <span className="muted">session</span>{" "}
        <Link className="mono small" href={`/sessions/${actor.id}`} onClick={(event) => event.stopPropagation()}>
          {actor.id}
        </Link>
      </>
    );
  }
  return (
    <span>
      <span className="muted">{actor.type === "api_key" ? "key" : actor.type}</span>{" "}
      {actor.type === "system" ? label.actor(actor) : <ActorHoverCard actorId={actor.id}>{label.actor(actor)}</ActorHoverCard>}
    </span>
  );
}

/** The target by name, linked where the console has a page for it (store, file, session). */
function Target({ event, label }: { event: AuditEvent; label: Label }) {
  const target = event.target;
  if (!target?.id) return <>{target?.type ?? "—"}</>;
  const stop = (e: React.MouseEvent) => e.stopPropagation();
  const name = label.target(target.type, target.id);
  const path = typeof event.data.path === "string" ? event.data.path : null;
  if (target.type === "memory_store") {
    return (
      <Link href={`/stores/${target.id}`} onClick={stop}>
        {name ?? target.id}
      </Link>
    );
  }
  if (target.type === "memory" && event.store_id) {
    const version = typeof event.data.memory_version_id === "string" ? `&tab=history&version=${event.data.memory_version_id}` : "";
    return (
      <Link href={`/stores/${event.store_id}?file=${target.id}${version}`} onClick={stop} className="mono small">
        {path ?? target.id}
      </Link>
    );
  }
  if (target.type === "session") {
    return (
      <Link className="mono small" href={`/sessions/${target.id}`} onClick={stop}>
        {target.id}
      </Link>
    );
  }
  return (
    <span title={`${target.type} ${target.id}`}>
      <span className="muted">{target.type.replace("_", " ")}</span> {name ?? <span className="mono small">{target.id}</span>}
    </span>
  );
}

export const AuditNames = { Actor, Target };
