"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { usePagedList } from "@/components/api/use-paged-list";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { RollbackDialog } from "@/components/sessions/rollback-dialog";
import { formatBytes } from "@/components/stores/actor-label";
import { useStoreNames } from "@/components/stores/use-store-names";
import type { ActorNames, Session } from "@/components/stores/types";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { SessionChanges } from "./session-changes";
import { UnifiedDiff } from "./unified-diff";
import { useLiveEvents } from "./use-live-events";
import styles from "./session-timeline.module.css";
import type { WireTimelineEvent } from "@/server/api/schemas";

export type TimelineEvent = WireTimelineEvent;

/** One session: its memory events in order with inline diffs, live while it runs, and rollback. */
export function SessionTimeline({ sessionId, names, canRollback }: { sessionId: string; names: ActorNames; canRollback: boolean }) {
  const client = useQueryClient();
  const [rollingBack, setRollingBack] = useState(false);
  // Set by a rollback made on this page: the button gives way to a notice.
  const [rolledBack, setRolledBack] = useState(false);
  const session = useQuery({
    queryKey: queryKeys.sessions.detail(sessionId),
    queryFn: ({ signal }) => apiFetch<Session>(`/sessions/${sessionId}`, { signal }),
  });
  const { list: timeline, rows: timelineRows } = usePagedList<TimelineEvent>(
    queryKeys.sessions.timeline(sessionId),
    `/sessions/${sessionId}/timeline`,
    {},
    { limit: 200 },
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const events = timelineRows;
  const storeNames = useStoreNames();
  const storesTouched = useMemo(() => [...new Set(events.map((event) => event.memory_store_id))], [events]);

  const refresh = useCallback(() => {
    void client.invalidateQueries({ queryKey: queryKeys.sessions.detail(sessionId) });
  }, [client, sessionId]);
  const live = useLiveEvents({ sessionId }, Boolean(session.data && !session.data.ended_at), refresh);

  if (session.isPending) return <div className="muted">Loading session…</div>;
  if (session.isError) {
    return (
      <div className="empty-state" role="alert">
        <h2>Session not found</h2>
        <p>{session.error.message}</p>
        <p>
          <Link href="/sessions">All sessions</Link>
        </p>
      </div>
    );
  }
  const info = session.data;
  const writes = events.filter((event) => event.kind !== "read").length;
  return (
    <>
      <PageHeader
        title={info.title || "Untitled session"}
        description={
          <>
            <Link href="/sessions">Sessions</Link> / <span className="mono">{info.id}</span> · {names.agents[info.agent_id] ?? info.agent_id} · started{" "}
            <RelativeTime value={info.started_at} /> ·{" "}
            {info.ended_at ? (
              <span className="badge muted">ended</span>
            ) : (
              <span className="badge live" data-testid="live-badge" data-connected={live}>
                {live ? "live" : "connecting…"}
              </span>
            )}
          </>
        }
        actions={
          canRollback && writes > 0 && !rolledBack ? (
            <button type="button" className="button danger" onClick={() => setRollingBack(true)}>
              Roll back this session
            </button>
          ) : null
        }
      />
      <div className={styles.stats} data-testid="session-stats">
        <span>
          <strong>{info.read_count}</strong> reads
        </span>
        <span>
          <strong>{info.write_count}</strong> writes
        </span>
        <span>
          <strong>{formatDuration(info.started_at, info.ended_at)}</strong> {info.ended_at ? "long" : "so far"}
        </span>
        <span data-testid="stores-touched">
          {storesTouched.length === 0 ? (
            "no store touched"
          ) : (
            <>
              store{storesTouched.length === 1 ? "" : "s"}{" "}
              {storesTouched.map((id, index) => (
                <span key={id}>
                  {index > 0 ? ", " : null}
                  <Link href={`/stores/${id}`}>{storeNames[id] ?? id}</Link>
                </span>
              ))}
            </>
          )}
        </span>
      </div>
      {rolledBack ? (
        <div className="notice ok" role="status" data-testid="rolled-back">
          Rolled back: every change listed below was reverted by a new version, recorded in the audit log.
        </div>
      ) : null}
      <SessionChanges sessionId={sessionId} storeNames={storeNames} />
      <h2 className={styles.sectionTitle}>Timeline</h2>
      {timeline.isPending ? (
        <div className="muted">Loading timeline…</div>
      ) : timeline.isError ? (
        <ErrorAlert error={timeline.error} lead="Could not load the timeline:" />
      ) : events.length === 0 ? (
        <div className="empty-state" role="status">
          <h2>No memory events yet</h2>
          <p>{info.ended_at ? "This session neither read nor wrote memory." : "Events appear here as the agent reads and writes."}</p>
        </div>
      ) : (
        <ol className={styles.timeline} data-testid="timeline">
          {events.map((event) => (
            <li key={event.id} className={styles.event} data-testid="timeline-event" data-kind={event.kind}>
              <div className={styles.head}>
                <span className={`badge kind-${event.kind}`}>{event.kind}</span>
                <Link className="mono" href={`/stores/${event.memory_store_id}?file=${event.memory_id}&tab=history&version=${event.memory_version_id}`}>
                  {event.path ?? "(redacted)"}
                </Link>
                {event.previous_path && event.previous_path !== event.path ? <span className="muted">from {event.previous_path}</span> : null}
                <span className={styles.store} data-testid="event-store">
                  in {storeNames[event.memory_store_id] ?? event.memory_store_id}
                </span>
                <span className="spacer" />
                <span className="muted">{formatBytes(event.content_size_bytes)}</span>
                <RelativeTime value={event.created_at} />
              </div>
              {event.redacted ? <div className="muted">Content redacted.</div> : event.diff ? <UnifiedDiff text={event.diff} /> : null}
            </li>
          ))}
        </ol>
      )}
      {rollingBack ? <RollbackDialog sessionId={sessionId} onClose={() => setRollingBack(false)} onRolledBack={() => setRolledBack(true)} /> : null}
    </>
  );
}

/** "4 min", "2 h 5 min", "3 days": from the start to the end, or to now while the session runs. */
function formatDuration(start: string, end: string | null): string {
  const minutes = Math.max(0, Math.round(((end ? new Date(end).getTime() : Date.now()) - new Date(start).getTime()) / 60_000));
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  return `${Math.round(minutes / 1440)} days`;
}
