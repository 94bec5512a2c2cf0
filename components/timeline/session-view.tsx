"use client";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useState } from "react";
import { queryKeys } from "@/components/api/query-keys";
import { RollbackDialog } from "@/components/sessions/rollback-dialog";
import { useStoreNames } from "@/components/stores/use-store-names";
import type { ActorNames } from "@/components/stores/types";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { SessionChanges } from "./session-changes";
import { SessionTimeline } from "./session-timeline";
import { useLiveEvents } from "./use-live-events";
import { useSession } from "./use-session";
import styles from "./session-view.module.css";

/**
 * One session's page: what it is and did (header, counts, stores), what it learned, its timeline,
 * live while it runs, and rollback.
 */
export function SessionView({ sessionId, names, canRollback }: { sessionId: string; names: ActorNames; canRollback: boolean }) {
  const client = useQueryClient();
  const [rollingBack, setRollingBack] = useState(false);
  // Set by a rollback made on this page: the button gives way to a notice.
  const [rolledBack, setRolledBack] = useState(false);
  const session = useSession(sessionId);
  const storeNames = useStoreNames();

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
  const storesTouched = info.memory_store_ids;
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
          canRollback && info.write_count > 0 && !rolledBack ? (
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
          {/* A running session's duration is measured from now: the server's minute may not be the browser's. */}
          <strong suppressHydrationWarning>{formatDuration(info.started_at, info.ended_at)}</strong> {info.ended_at ? "long" : "so far"}
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
      <SessionChanges sessionId={sessionId} />
      <SessionTimeline sessionId={sessionId} />
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
