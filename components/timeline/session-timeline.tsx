"use client";
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { RollbackDialog } from "@/components/sessions/rollback-dialog";
import { formatBytes } from "@/components/stores/actor-label";
import type { ActorNames, Page, Session } from "@/components/stores/types";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { UnifiedDiff } from "./unified-diff";
import { useLiveEvents } from "./use-live-events";

export type TimelineEvent = {
  id: string;
  kind: "read" | "create" | "edit" | "rename" | "delete" | "restore" | "rollback";
  memory_store_id: string;
  memory_id: string;
  path: string | null;
  previous_path: string | null;
  memory_version_id: string;
  content_size_bytes: number | null;
  redacted: boolean;
  diff: string | null;
  created_at: string;
};

/** One session: its memory events in order with inline diffs, live while it runs, and rollback. */
export function SessionTimeline({ sessionId, names, canRollback }: { sessionId: string; names: ActorNames; canRollback: boolean }) {
  const client = useQueryClient();
  const [rollingBack, setRollingBack] = useState(false);
  const session = useQuery({
    queryKey: queryKeys.sessions.detail(sessionId),
    queryFn: ({ signal }) => apiFetch<Session>(`/sessions/${sessionId}`, { signal }),
  });
  const timeline = useInfiniteQuery({
    queryKey: queryKeys.sessions.timeline(sessionId),
    queryFn: ({ pageParam, signal }) => apiFetch<Page<TimelineEvent>>(`/sessions/${sessionId}/timeline`, { query: { limit: 200, page: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_page ?? undefined,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const events = useMemo(() => timeline.data?.pages.flatMap((page) => page.data) ?? [], [timeline.data]);

  const refresh = useCallback(() => {
    void client.invalidateQueries({ queryKey: queryKeys.sessions.detail(sessionId) });
  }, [client, sessionId]);
  const live = useLiveEvents(sessionId, Boolean(session.data && !session.data.ended_at), refresh);

  if (session.isPending) return <div className="panel-status">Loading session…</div>;
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
          canRollback && writes > 0 ? (
            <button type="button" className="button danger" onClick={() => setRollingBack(true)}>
              Roll back this session
            </button>
          ) : null
        }
      />
      <div className="stats timeline-stats">
        <span>
          <strong>{info.read_count}</strong> reads
        </span>
        <span>
          <strong>{info.write_count}</strong> writes
        </span>
      </div>
      {timeline.isPending ? (
        <div className="panel-status">Loading timeline…</div>
      ) : timeline.isError ? (
        <div className="alert" role="alert">
          Could not load the timeline: {timeline.error.message}
        </div>
      ) : events.length === 0 ? (
        <div className="empty-state" role="status">
          <h2>No memory events yet</h2>
          <p>{info.ended_at ? "This session neither read nor wrote memory." : "Events appear here as the agent reads and writes."}</p>
        </div>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {events.map((event) => (
            <li key={event.id} className={`timeline-event kind-${event.kind}`} data-testid="timeline-event" data-kind={event.kind}>
              <div className="timeline-head">
                <span className={`badge kind-${event.kind}`}>{event.kind}</span>
                <Link className="mono" href={`/stores/${event.memory_store_id}?file=${event.memory_id}&tab=history&version=${event.memory_version_id}`}>
                  {event.path ?? "(redacted)"}
                </Link>
                {event.previous_path && event.previous_path !== event.path ? <span className="muted">from {event.previous_path}</span> : null}
                <span className="spacer" />
                <span className="muted">{formatBytes(event.content_size_bytes)}</span>
                <RelativeTime value={event.created_at} />
              </div>
              {event.redacted ? <div className="muted">Content redacted.</div> : event.diff ? <UnifiedDiff text={event.diff} /> : null}
            </li>
          ))}
        </ol>
      )}
      {rollingBack ? <RollbackDialog sessionId={sessionId} onClose={() => setRollingBack(false)} /> : null}
    </>
  );
}
