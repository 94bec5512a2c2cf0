"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { RelativeTime } from "@/components/ui/relative-time";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import type { MemoryAt } from "@/components/stores/types";
import styles from "./editor.module.css";
import { LazyCodeEditor } from "./lazy-editors";

/** One file as it was at a moment or after a session: read-only. */
export function AsOfFile({ storeId, memoryId, at, session }: { storeId: string; memoryId: string; at: string | null; session: string | null }) {
  const params = { at: at ?? undefined, session_id: session ?? undefined };
  const memory = useQuery({
    queryKey: queryKeys.history.memoryAt(storeId, memoryId, params),
    queryFn: ({ signal }) => apiFetch<MemoryAt>(`/memory_stores/${storeId}/memories/${memoryId}/at`, { query: params, signal }),
  });
  if (memory.isPending) return <div className="muted">Loading file…</div>;
  if (memory.isError) {
    return <ErrorAlert error={memory.error} />;
  }
  return (
    <div className={styles.fileEditor}>
      <div className={styles.toolbar}>
        <span className={`mono ${styles.path}`}>{memory.data.path}</span>
        <span className="badge muted">read-only · as of {at ? <RelativeTime value={at} absolute /> : "session"}</span>
      </div>
      <div className={styles.frame}>
        {memory.data.content === null ? (
          <div className="empty-state">Redacted.</div>
        ) : (
          <LazyCodeEditor value={memory.data.content} readOnly path={memory.data.path} />
        )}
      </div>
    </div>
  );
}
