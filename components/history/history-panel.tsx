"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePagedList } from "@/components/api/use-paged-list";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { LazyDiffViewer } from "@/components/editor/lazy-editors";
import { PlainCodeView } from "@/components/editor/plain-code-view";
import { ActorLabel, formatBytes, shortId } from "@/components/stores/actor-label";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActorNames, Memory, MemoryVersion } from "@/components/stores/types";
import { RelativeTime } from "@/components/ui/relative-time";
import { UnifiedDiff } from "@/components/timeline/unified-diff";
import styles from "./history-panel.module.css";
import { HISTORY_PAGE, versionPane, type Selection, type VersionPane } from "./version-selection";
import type { WireDiff } from "@/server/api/routes/history";

/**
 * Every version of one file, newest first (virtualized, cursor pages). Arrow keys move through
 * it; pick two to compare them side by side; restore any version with one confirmed click.
 */
export function HistoryPanel({
  storeId,
  memoryId,
  canWrite,
  names,
  selection,
  onSelect,
}: {
  storeId: string;
  memoryId: string;
  canWrite: boolean;
  names: ActorNames;
  selection: Selection;
  onSelect: (patch: Partial<Selection>) => void;
}) {
  const client = useQueryClient();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [restoring, setRestoring] = useState<MemoryVersion | null>(null);
  const { list: versions, rows } = usePagedList<MemoryVersion>(
    queryKeys.history.versions(storeId, memoryId),
    `/memory_stores/${storeId}/memory_versions`,
    { memory_id: memoryId, view: "basic" },
    { limit: HISTORY_PAGE },
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.engram?.redaction ? 64 : 44),
    overscan: 12,
    // Before the list is measured (the server render, and hydration, which must match it): a screenful of rows.
    initialRect: { width: 0, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = versions;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= rows.length - 10) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastIndex, rows.length]);

  const restore = useMutation({
    mutationFn: (version: MemoryVersion) =>
      apiFetch<Memory>(`/memory_stores/${storeId}/memories/${memoryId}/restore`, { method: "POST", body: { version_id: version.id } }),
    onSuccess: async (memory) => {
      setRestoring(null);
      await Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.versions.all(storeId) }),
        client.invalidateQueries({ queryKey: queryKeys.memories.all(storeId) }),
      ]);
      onSelect({ version: memory.memory_version_id, from: null, to: null });
    },
  });

  const compare = new Set([selection.from, selection.to].filter(Boolean) as string[]);
  const toggleCompare = (version: MemoryVersion) => {
    const chosen = new Set(compare);
    if (chosen.has(version.id)) chosen.delete(version.id);
    else {
      if (chosen.size === 2) chosen.clear();
      chosen.add(version.id);
    }
    // Ids are time-ordered: the smaller one is the older ("from") side.
    const [from = null, to = null] = [...chosen].sort();
    onSelect({ from, to: to ?? null });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const current = rows.findIndex((row) => row.id === selection.version);
    const next = Math.min(rows.length - 1, Math.max(0, current + (event.key === "ArrowDown" ? 1 : -1)));
    if (rows[next]) {
      onSelect({ version: rows[next].id });
      virtualizer.scrollToIndex(next);
    }
  };

  if (versions.isPending) return <div className="muted">Loading history…</div>;
  if (versions.isError) {
    return <ErrorAlert error={versions.error} lead="Could not load the history:" />;
  }
  // Every file has at least its first version: none at all means the id names no file here.
  if (rows.length === 0) {
    return <ErrorAlert error={`File not found: no file in this store has the id ${memoryId}.`} />;
  }
  return (
    <div className={styles.history}>
      <div className={styles.listWrap}>
        <div className={`muted ${styles.help}`}>
          {rows.length} version{rows.length === 1 ? "" : "s"}
          {hasNextPage ? "+" : ""} · ↑/↓ to move · tick two to compare
        </div>
        <div ref={scrollRef} className={styles.list} tabIndex={0} role="list" aria-label="Versions" onKeyDown={onKeyDown} data-testid="history-list">
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((item) => {
              const version = rows[item.index];
              const active = version.id === selection.version;
              return (
                <div
                  key={version.id}
                  role="listitem"
                  aria-current={active ? "true" : undefined}
                  data-version-id={version.id}
                  className={styles.row}
                  style={{ transform: `translateY(${item.start}px)`, height: item.size }}
                  onClick={() => onSelect({ version: version.id })}
                >
                  <input
                    type="checkbox"
                    aria-label={`Compare ${version.id}`}
                    checked={compare.has(version.id)}
                    onChange={() => toggleCompare(version)}
                    onClick={(event) => event.stopPropagation()}
                  />
                  <div className={styles.main}>
                    <div>
                      <span className={`badge op-${version.operation}`}>
                        {version.engram?.cause && version.engram.cause !== "write" ? version.engram.cause : version.operation}
                      </span>{" "}
                      <span className="mono muted">{shortId(version.id)}</span>
                      {item.index === 0 ? <span className="badge muted">head</span> : null}
                    </div>
                    <div className={styles.meta}>
                      <ActorLabel actor={version.created_by} agentId={version.engram?.agent_id} apiKeyId={version.engram?.api_key_id} names={names} /> ·{" "}
                      <RelativeTime value={version.created_at} /> · {version.redacted_at ? "redacted" : formatBytes(version.content_size_bytes)}
                    </div>
                    {version.engram?.redaction ? (
                      <div className="history-meta" data-testid="version-redaction">
                        redacted by <ActorLabel actor={version.engram.redaction.redacted_by} names={names} /> ·{" "}
                        <RelativeTime value={version.engram.redaction.redacted_at} /> · “{version.engram.redaction.reason}”
                      </div>
                    ) : null}
                  </div>
                  {canWrite && item.index > 0 && !version.redacted_at && version.operation !== "deleted" ? (
                    <button
                      type="button"
                      className="button ghost small"
                      onClick={(event) => {
                        event.stopPropagation();
                        setRestoring(version);
                      }}
                    >
                      Restore
                    </button>
                  ) : null}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      <div className={styles.view}>
        <VersionView storeId={storeId} memoryId={memoryId} pane={versionPane(selection, rows)} />
      </div>
      <ConfirmDialog
        open={restoring !== null}
        title="Restore this version?"
        confirmLabel="Restore"
        busy={restore.isPending}
        error={restore.isError ? restore.error.message : null}
        onConfirm={() => restoring && restore.mutate(restoring)}
        onClose={() => setRestoring(null)}
      >
        The file&apos;s content becomes that of version <code>{restoring ? shortId(restoring.id) : ""}</code> (
        {restoring ? <RelativeTime value={restoring.created_at} absolute /> : ""}). This writes a new version; nothing in the history is lost, and the audit log
        records the restore.
      </ConfirmDialog>
    </div>
  );
}

function useVersionContent(storeId: string, versionId: string | null) {
  return useQuery({
    queryKey: queryKeys.versions.detail(storeId, versionId ?? ""),
    queryFn: ({ signal }) => apiFetch<MemoryVersion>(`/memory_stores/${storeId}/memory_versions/${versionId}`, { query: { view: "full" }, signal }),
    enabled: Boolean(versionId),
    staleTime: Infinity, // versions are immutable (a redaction invalidates the store's versions)
  });
}

/** The diff between two versions of a memory, fetched while both are given. */
function useDiff(storeId: string, memoryId: string, from: string | null, to: string | null, options: { staleTime?: number } = {}) {
  return useQuery({
    queryKey: queryKeys.history.diff(storeId, memoryId, from, to),
    queryFn: ({ signal }) => apiFetch<WireDiff>(`/memory_stores/${storeId}/memories/${memoryId}/diff`, { query: { from, to }, signal }),
    enabled: Boolean(from && to),
    ...options,
  });
}

function VersionView({ storeId, memoryId, pane }: { storeId: string; memoryId: string; pane: VersionPane }) {
  const [fullText, setFullText] = useState(false);
  const comparing = pane.kind === "compare";
  const viewed = pane.kind === "single" ? pane.viewed : null;
  const from = useVersionContent(storeId, comparing ? pane.from : null);
  const to = useVersionContent(storeId, comparing ? pane.to : null);
  const single = useVersionContent(storeId, viewed);
  const diff = useDiff(storeId, memoryId, comparing ? pane.from : null, comparing ? pane.to : null);
  // One version on its own shows what it changed: the diff against its predecessor.
  const previous = pane.kind === "single" ? pane.previous : null;
  const changes = useDiff(storeId, memoryId, previous, viewed, { staleTime: Infinity });

  if (comparing) {
    if (from.isPending || to.isPending) return <div className="muted">Loading versions…</div>;
    if (from.isError || to.isError) return <ErrorAlert error={from.error ?? to.error} lead="Could not load a version:" />;
    return (
      <div data-testid="version-compare">
        <div className={styles.labels}>
          <span>
            {shortId(from.data.id)} · <RelativeTime value={from.data.created_at} />
          </span>
          <span>
            {shortId(to.data.id)} · <RelativeTime value={to.data.created_at} />
            {diff.data ? <DiffStats stats={diff.data.stats} /> : null}
          </span>
        </div>
        <LazyDiffViewer original={from.data.content ?? ""} modified={to.data.content ?? ""} path={to.data.path ?? undefined} height={460} />
      </div>
    );
  }
  if (!viewed) return <div className="muted">Select a version.</div>;
  if (single.isPending) return <div className="muted">Loading version…</div>;
  if (single.isError) return <ErrorAlert error={single.error} lead="Could not load this version:" />;
  const version = single.data;
  return (
    <div data-testid="version-view">
      <div className={styles.labels}>
        <span>
          As of version <span className="mono">{shortId(version.id)}</span> · <RelativeTime value={version.created_at} /> ·{" "}
          <span className="mono">{version.path}</span>
        </span>
      </div>
      {version.redacted_at ? (
        <div className="empty-state">This version was redacted.</div>
      ) : version.operation === "deleted" ? (
        <div className="empty-state">The file was deleted in this version.</div>
      ) : previous && !fullText ? (
        <div data-testid="version-changes">
          <div className={styles.labels}>
            <span>
              Changes since the previous version
              {changes.data ? <DiffStats stats={changes.data.stats} /> : null}
            </span>
            <button type="button" className="button ghost small" onClick={() => setFullText(true)}>
              Show full text
            </button>
          </div>
          {changes.isError ? (
            <ErrorAlert error={changes.error} lead="Could not compute the changes:" />
          ) : changes.data ? (
            changes.data.unified ? (
              <UnifiedDiff text={changes.data.unified} />
            ) : (
              <p className="muted">No change to the content (a rename or a restore of the same text).</p>
            )
          ) : (
            <p className="muted">Loading changes…</p>
          )}
        </div>
      ) : (
        <>
          {previous ? (
            <div className={styles.labels}>
              <span>Full text</span>
              <button type="button" className="button ghost small" onClick={() => setFullText(false)}>
                Show changes
              </button>
            </div>
          ) : null}
          <PlainCodeView text={version.content ?? ""} height={460} testId="version-text" />
        </>
      )}
    </div>
  );
}

/** Lines added and removed between two versions. */
function DiffStats({ stats }: { stats: { added: number; removed: number } }) {
  return (
    <span data-testid="diff-stats">
      {" "}
      <span className={styles.plus}>+{stats.added}</span> <span className={styles.minus}>−{stats.removed}</span>
    </span>
  );
}
