"use client";
import Link from "next/link";
import { useState } from "react";
import { queryKeys } from "@/components/api/query-keys";
import { usePagedList } from "@/components/api/use-paged-list";
import { useStoreNames } from "@/components/stores/use-store-names";
import { ErrorAlert } from "@/components/ui/error-alert";
import { LoadMore } from "@/components/ui/load-more";
import { RelativeTime } from "@/components/ui/relative-time";
import { timeGroup } from "@/components/ui/time-stops";
import { CHANGES_PAGE } from "./page-sizes";
import { UnifiedDiff } from "./unified-diff";
import styles from "./session-changes.module.css";
import type { WireSessionChanges } from "@/server/api/routes/timeline";

/** GET /api/v1/sessions/{id}/changes (server/api/routes/timeline.ts). */
export type SessionChange = WireSessionChanges["data"][number];

const badge = { created: "create", modified: "edit", renamed: "rename", deleted: "delete", unchanged: "read" } as const;

/** Reads shown before "Show N more": the newest few (a file can list up to 20). */
const READS_SHOWN = 3;

/** What the session learned: per file, one net diff from before the session to its last write, and what it had read by then. */
export function SessionChanges({ sessionId }: { sessionId: string }) {
  const storeNames = useStoreNames();
  // Newest first, a page of files at a time (the server renders the first).
  const { list: changes, rows: files } = usePagedList<SessionChange>(queryKeys.sessions.changes(sessionId), `/sessions/${sessionId}/changes`, {}, CHANGES_PAGE);
  const truncated = (changes.data?.pages[0] as WireSessionChanges | undefined)?.truncated;
  if (changes.isSuccess && files.length === 0) return null;
  return (
    <section className={styles.section} aria-labelledby="learned-heading" {...timeGroup}>
      <h2 id="learned-heading">What this session learned</h2>
      <p className="muted">One net change per file, from before the session to its end, with what the agent had read before writing it.</p>
      {changes.isPending ? <div className="muted">Loading changes…</div> : null}
      <ErrorAlert error={changes.error} lead="Could not load the session's changes:" />
      {truncated ? <div className="notice">This session wrote more than 5,000 versions; only the first are summarised.</div> : null}
      <ul className={styles.files}>
        {files.map((change) => (
          <li key={change.memory_id} className={styles.file} data-testid="learned-file">
            <div className={styles.head}>
              <span className={`badge kind-${badge[change.status]}`}>{change.status}</span>
              <Link
                className="mono"
                prefetch={false}
                data-testid="learned-path"
                href={`/stores/${change.memory_store_id}?file=${change.memory_id}&tab=history&version=${change.after_version_id}`}
              >
                {change.path ?? "(redacted)"}
              </Link>
              {change.previous_path ? <span className="muted">from {change.previous_path}</span> : null}
              <span className={styles.store}>in {storeNames[change.memory_store_id] ?? change.memory_store_id}</span>
              <span className="spacer" />
              <span className="muted">
                {change.write_count} write{change.write_count === 1 ? "" : "s"}
              </span>
              <RelativeTime value={change.changed_at} />
            </div>
            {change.redacted ? (
              <div className="muted">Content redacted.</div>
            ) : change.diff ? (
              <UnifiedDiff text={change.diff} />
            ) : (
              <div className="muted">No net change to the text.</div>
            )}
            {change.reads_before.length > 0 ? <ReadsBefore reads={change.reads_before} /> : null}
          </li>
        ))}
      </ul>
      <LoadMore list={changes} />
    </section>
  );
}

/** What the agent had read before writing a file, newest first: the first few, the rest one click away. */
function ReadsBefore({ reads }: { reads: SessionChange["reads_before"] }) {
  const [expanded, setExpanded] = useState(false);
  const hidden = reads.length - READS_SHOWN;
  return (
    <div className={styles.reads} data-testid="learned-reads">
      <span className="muted">read before writing:</span>
      <ul>
        {(expanded ? reads : reads.slice(0, READS_SHOWN)).map((read) => (
          <li key={`${read.memory_id}:${read.memory_version_id}:${read.created_at}`}>
            <Link
              className="mono"
              prefetch={false}
              href={`/stores/${read.memory_store_id}?file=${read.memory_id}&tab=history&version=${read.memory_version_id}`}
            >
              {read.path ?? "(redacted)"}
            </Link>{" "}
            <RelativeTime value={read.created_at} />
          </li>
        ))}
      </ul>
      {hidden > 0 ? (
        <button type="button" className="button ghost small" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? "Show fewer" : `Show ${hidden} more`}
        </button>
      ) : null}
    </div>
  );
}
