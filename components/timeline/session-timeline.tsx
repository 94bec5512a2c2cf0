"use client";
import { queryKeys } from "@/components/api/query-keys";
import { usePagedList } from "@/components/api/use-paged-list";
import { useStoreNames } from "@/components/stores/use-store-names";
import { ErrorAlert } from "@/components/ui/error-alert";
import { LoadMore } from "@/components/ui/load-more";
import { TIMELINE_PAGE } from "./page-sizes";
import { TimelineEvents } from "./timeline-events";
import { useSession } from "./use-session";
import styles from "./session-timeline.module.css";
import type { WireTimelineEvent } from "@/server/api/schemas";

export type TimelineEvent = WireTimelineEvent;

/** A session's memory events, oldest first, a page at a time (the server renders the first): a long session is thousands of them. */
export function SessionTimeline({ sessionId }: { sessionId: string }) {
  const session = useSession(sessionId);
  const { list: timeline, rows: events } = usePagedList<TimelineEvent>(
    queryKeys.sessions.timeline(sessionId),
    `/sessions/${sessionId}/timeline`,
    {},
    { limit: TIMELINE_PAGE },
  );
  const storeNames = useStoreNames();
  const info = session.data;
  const total = info ? info.read_count + info.write_count : null;
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className={styles.sectionTitle}>
        Timeline
      </h2>
      {timeline.isPending ? (
        <div className="muted">Loading timeline…</div>
      ) : timeline.isError ? (
        <ErrorAlert error={timeline.error} lead="Could not load the timeline:" />
      ) : events.length === 0 ? (
        <div className="empty-state" role="status">
          <h2>No memory events yet</h2>
          <p>{info?.ended_at ? "This session neither read nor wrote memory." : "Events appear here as the agent reads and writes."}</p>
        </div>
      ) : (
        <>
          <TimelineEvents events={events} storeNames={storeNames} />
          {timeline.hasNextPage && total !== null ? (
            <p className={`muted ${styles.more}`} data-testid="timeline-shown">
              {events.length.toLocaleString("en-US")} of {total.toLocaleString("en-US")} events shown, oldest first.
            </p>
          ) : null}
          <LoadMore list={timeline} />
        </>
      )}
    </section>
  );
}
