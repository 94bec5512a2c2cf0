"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { LazyDiffViewer } from "@/components/editor/lazy-editors";
import { PlainCodeView } from "@/components/editor/plain-code-view";
import { ActorLabel, formatBytes, shortId } from "@/components/stores/actor-label";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActorNames, Memory, MemoryVersion, Page } from "@/components/stores/types";
import { RelativeTime } from "@/components/ui/relative-time";

type Selection = { version: string | null; from: string | null; to: string | null };

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
  const versions = useInfiniteQuery({
    queryKey: queryKeys.history.versions(storeId, memoryId),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<Page<MemoryVersion>>(`/memory_stores/${storeId}/memory_versions`, {
        query: { memory_id: memoryId, limit: 100, view: "basic", page: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_page ?? undefined,
  });
  const rows = useMemo(() => versions.data?.pages.flatMap((page) => page.data) ?? [], [versions.data]);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => 44, overscan: 12 });
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

  if (versions.isPending) return <div className="panel-status">Loading history…</div>;
  if (versions.isError) {
    return (
      <div className="alert" role="alert">
        Could not load the history: {versions.error.message}
      </div>
    );
  }
  return (
    <div className="history">
      <div className="history-list-wrap">
        <div className="history-help muted">
          {rows.length} version{rows.length === 1 ? "" : "s"}
          {hasNextPage ? "+" : ""} · ↑/↓ to move · tick two to compare
        </div>
        <div ref={scrollRef} className="history-list" tabIndex={0} role="listbox" aria-label="Versions" onKeyDown={onKeyDown} data-testid="history-list">
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((item) => {
              const version = rows[item.index];
              const active = version.id === selection.version;
              return (
                <div
                  key={version.id}
                  role="option"
                  aria-selected={active}
                  data-version-id={version.id}
                  className="history-row"
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
                  <div className="history-main">
                    <div>
                      <span className={`badge op-${version.operation}`}>
                        {version.engram?.cause && version.engram.cause !== "write" ? version.engram.cause : version.operation}
                      </span>{" "}
                      <span className="mono muted">{shortId(version.id)}</span>
                      {item.index === 0 ? <span className="badge muted">head</span> : null}
                    </div>
                    <div className="history-meta">
                      <ActorLabel actor={version.created_by} agentId={version.engram?.agent_id} names={names} /> · <RelativeTime value={version.created_at} /> ·{" "}
                      {version.redacted_at ? "redacted" : formatBytes(version.content_size_bytes)}
                    </div>
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
      <div className="history-view">
        <VersionView storeId={storeId} memoryId={memoryId} selection={selection} fallbackVersion={rows[0]?.id ?? null} />
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
        {restoring ? new Date(restoring.created_at).toLocaleString() : ""}). This writes a new version; nothing in the history is lost, and the audit log
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

function VersionView({
  storeId,
  memoryId,
  selection,
  fallbackVersion,
}: {
  storeId: string;
  memoryId: string;
  selection: Selection;
  fallbackVersion: string | null;
}) {
  const comparing = Boolean(selection.from && selection.to);
  const viewed = comparing ? null : (selection.version ?? fallbackVersion);
  const from = useVersionContent(storeId, comparing ? selection.from : null);
  const to = useVersionContent(storeId, comparing ? selection.to : null);
  const single = useVersionContent(storeId, viewed);
  const diff = useQuery({
    queryKey: queryKeys.history.diff(storeId, memoryId, selection.from, selection.to),
    queryFn: ({ signal }) =>
      apiFetch<{ unified: string; stats: { added: number; removed: number } }>(`/memory_stores/${storeId}/memories/${memoryId}/diff`, {
        query: { from: selection.from, to: selection.to },
        signal,
      }),
    enabled: comparing,
  });

  if (comparing) {
    if (from.isPending || to.isPending) return <div className="panel-status">Loading versions…</div>;
    if (from.isError || to.isError) return <div className="alert">Could not load a version: {(from.error ?? to.error)?.message}</div>;
    return (
      <div data-testid="version-compare">
        <div className="diff-labels">
          <span>
            {shortId(from.data.id)} · {new Date(from.data.created_at).toLocaleString()}
          </span>
          <span>
            {shortId(to.data.id)} · {new Date(to.data.created_at).toLocaleString()}
            {diff.data ? (
              <span className="diff-stats" data-testid="diff-stats">
                {" "}
                <span className="plus">+{diff.data.stats.added}</span> <span className="minus">−{diff.data.stats.removed}</span>
              </span>
            ) : null}
          </span>
        </div>
        <LazyDiffViewer original={from.data.content ?? ""} modified={to.data.content ?? ""} path={to.data.path ?? undefined} height={460} />
      </div>
    );
  }
  if (!viewed) return <div className="panel-status">Select a version.</div>;
  if (single.isPending) return <div className="panel-status">Loading version…</div>;
  if (single.isError) return <div className="alert">Could not load this version: {single.error.message}</div>;
  const version = single.data;
  return (
    <div data-testid="version-view">
      <div className="diff-labels">
        <span>
          As of version <span className="mono">{shortId(version.id)}</span> · {new Date(version.created_at).toLocaleString()} ·{" "}
          <span className="mono">{version.path}</span>
        </span>
      </div>
      {version.redacted_at ? (
        <div className="empty-state">This version was redacted.</div>
      ) : version.operation === "deleted" ? (
        <div className="empty-state">The file was deleted in this version.</div>
      ) : (
        <PlainCodeView text={version.content ?? ""} height={460} testId="version-text" />
      )}
    </div>
  );
}
