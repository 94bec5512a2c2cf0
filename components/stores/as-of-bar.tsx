"use client";
import { absoluteTime, viewerZone } from "@/components/ui/time-format";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import type { ActorNames, Page, Session } from "./types";
import styles from "./store-browser.module.css";

/** Pick a moment or a session; the page then shows the store as it was (read-only). */
export function AsOfBar({
  storeId,
  at,
  session,
  names,
  onChange,
}: {
  storeId: string;
  at: string | null;
  session: string | null;
  names: ActorNames;
  onChange: (value: { at: string | null; session: string | null }) => void;
}) {
  const [local, setLocal] = useState(() => (at ? toLocalInput(new Date(at)) : ""));
  const sessions = useQuery({
    queryKey: queryKeys.sessions.list({ store_id: storeId, wrote: true }),
    queryFn: ({ signal }) => apiFetch<Page<Session>>("/sessions", { query: { store_id: storeId, wrote: "true", limit: 50 }, signal }),
  });
  const active = Boolean(at || session);
  return (
    <div className={styles.asOfBar} data-active={active}>
      <span className={styles.asOfLabel}>{active ? "Viewing the store as of" : "Browse as of"}</span>
      <input
        className="input"
        type="datetime-local"
        aria-label="Moment"
        value={local}
        step={1}
        onChange={(event) => setLocal(event.target.value)}
        onBlur={() => local && onChange({ at: new Date(local).toISOString(), session: null })}
        onKeyDown={(event) => {
          if (event.key === "Enter" && local) onChange({ at: new Date(local).toISOString(), session: null });
        }}
      />
      <span className="muted">or after session</span>
      <select
        className="input"
        aria-label="Session"
        value={session ?? ""}
        onChange={(event) => {
          setLocal("");
          onChange({ at: null, session: event.target.value || null });
        }}
      >
        <option value="">{sessions.isPending ? "Loading sessions…" : sessions.isError ? "Sessions unavailable" : "Choose a session…"}</option>
        {sessions.data?.data.map((item) => (
          <option key={item.id} value={item.id}>
            {item.title || item.id} — {names.agents[item.agent_id] ?? item.agent_id} · {absoluteTime(new Date(item.started_at), viewerZone())}
          </option>
        ))}
      </select>
      {active ? (
        <button
          type="button"
          className="button ghost small"
          onClick={() => {
            setLocal("");
            onChange({ at: null, session: null });
          }}
        >
          Back to now
        </button>
      ) : null}
    </div>
  );
}

function toLocalInput(date: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
