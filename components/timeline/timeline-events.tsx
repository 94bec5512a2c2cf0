"use client";
import Link from "next/link";
import { memo } from "react";
import { formatBytes } from "@/components/stores/actor-label";
import { RelativeTime } from "@/components/ui/relative-time";
import { UnifiedDiff } from "./unified-diff";
import styles from "./session-timeline.module.css";
import type { WireTimelineEvent } from "@/server/api/schemas";

/** A session's memory events, oldest first, each with its inline diff. */
export function TimelineEvents({ events, storeNames }: { events: WireTimelineEvent[]; storeNames: Record<string, string> }) {
  return (
    <ol className={styles.timeline} data-testid="timeline">
      {events.map((event) => (
        <TimelineEvent key={event.id} event={event} storeName={storeNames[event.memory_store_id] ?? event.memory_store_id} />
      ))}
    </ol>
  );
}

// Memoised: a page of events arriving (or a live refetch) renders only the rows that changed.
const TimelineEvent = memo(function TimelineEvent({ event, storeName }: { event: WireTimelineEvent; storeName: string }) {
  return (
    <li className={styles.event} data-testid="timeline-event" data-kind={event.kind}>
      <div className={styles.head}>
        <span className={`badge kind-${event.kind}`}>{event.kind}</span>
        <Link
          className="mono"
          prefetch={false}
          href={`/stores/${event.memory_store_id}?file=${event.memory_id}&tab=history&version=${event.memory_version_id}`}
        >
          {event.path ?? "(redacted)"}
        </Link>
        {event.previous_path && event.previous_path !== event.path ? <span className="muted">from {event.previous_path}</span> : null}
        <span className={styles.store} data-testid="event-store">
          in {storeName}
        </span>
        <span className="spacer" />
        <span className="muted">{formatBytes(event.content_size_bytes)}</span>
        <RelativeTime value={event.created_at} />
      </div>
      {event.redacted ? <div className="muted">Content redacted.</div> : event.diff ? <UnifiedDiff text={event.diff} /> : null}
    </li>
  );
});
