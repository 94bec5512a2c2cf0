"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useId, useState, type ReactNode } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { errorText } from "@/components/ui/error-text";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ActorCard } from "@/server/workspaces/actor-card";
import styles from "./actor-hover-card.module.css";

/**
 * An actor's name that tells who it is on hover or keyboard focus (Escape closes): name, role or
 * agent, last activity, and a link to its page. Fetched when first opened. A click passes through
 * to the row it sits in (which opens or selects it), as before.
 */
export function ActorHoverCard({ actorId, children }: { actorId: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const cardId = useId();
  const card = useQuery({
    queryKey: queryKeys.actors.card(actorId),
    queryFn: () => apiFetch<ActorCard>(`/actors/${actorId}`),
    enabled: open,
    staleTime: 60_000,
  });
  return (
    <span
      className={styles.wrap}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onFocus={() => setOpen(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape") setOpen(false);
      }}
    >
      <button type="button" className={styles.trigger} aria-expanded={open} aria-controls={open ? cardId : undefined}>
        {children}
      </button>
      {open ? (
        <span id={cardId} role="dialog" aria-label={`About ${actorId}`} className={styles.card} data-testid="actor-card" onClick={(e) => e.stopPropagation()}>
          {card.data ? (
            <>
              <span className={styles.name}>{card.data.name}</span>
              <span className="muted small">{card.data.detail}</span>
              <span className="small">Last active: {card.data.last_activity_at ? <RelativeTime value={card.data.last_activity_at} /> : "never"}</span>
              <span className="mono small">{card.data.id}</span>
              {card.data.href ? (
                <Link className="small" href={card.data.href}>
                  Open {card.data.kind.replace("_", " ")}
                </Link>
              ) : null}
            </>
          ) : card.error ? (
            <span className="small">{errorText(card.error)}</span>
          ) : (
            <span className="muted small">Loading…</span>
          )}
        </span>
      ) : null}
    </span>
  );
}
