"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useQuery } from "@tanstack/react-query";
import { usePagedList } from "@/components/api/use-paged-list";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { ActorLabel, formatBytes } from "@/components/stores/actor-label";
import type { ActorNames, Memory, MemoryVersion, Page } from "@/components/stores/types";
import { RelativeTime } from "@/components/ui/relative-time";
import { buildTreeRows, type TreeFile, type TreeRow } from "./build-rows";
import styles from "./file-tree.module.css";

export type AsOf = { at?: string | null; session?: string | null };

const PAGE = 100;

/**
 * The store's files as a collapsible, virtualized tree. Pages of the list API (path order) load
 * as the user scrolls; a filter loads the remaining pages and matches paths case-insensitively.
 */
export function FileTree({
  storeId,
  asOf,
  selectedId,
  onSelect,
  names,
}: {
  storeId: string;
  asOf: AsOf | null;
  selectedId: string | null;
  onSelect: (memoryId: string) => void;
  names: ActorNames;
}) {
  const [filter, setFilter] = useState("");
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const scrollRef = useRef<HTMLDivElement>(null);

  const params = asOf ? { at: asOf.at ?? undefined, session_id: asOf.session ?? undefined } : {};
  const { list, rows: listed } = usePagedList<Memory>(
    asOf ? queryKeys.history.memoriesAt(storeId, params) : queryKeys.memories.list(storeId, { tree: true }),
    asOf ? `/memory_stores/${storeId}/memories_at` : `/memory_stores/${storeId}/memories`,
    { view: "basic", ...params },
    { limit: PAGE },
  );
  // Who last changed each file, for the recently changed ones (one page of the store's versions).
  const recent = useQuery({
    queryKey: queryKeys.versions.list(storeId, { recent: true }),
    queryFn: ({ signal }) => apiFetch<Page<MemoryVersion>>(`/memory_stores/${storeId}/memory_versions`, { query: { limit: 100, view: "basic" }, signal }),
    enabled: !asOf,
  });
  const lastChange = useMemo(() => {
    const map = new Map<string, MemoryVersion>();
    for (const version of recent.data?.data ?? []) if (!map.has(version.memory_id)) map.set(version.memory_id, version);
    return map;
  }, [recent.data]);

  const files = useMemo<TreeFile[]>(
    () =>
      listed
        .filter((item) => item.type === "memory")
        .map((item) => ({ id: item.id, path: item.path, size: item.content_size_bytes, updatedAt: item.updated_at })),
    [listed],
  );
  const rows = useMemo(() => buildTreeRows(files, collapsed, filter), [files, collapsed, filter]);

  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => 30, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    // Near the end of what is loaded, or filtering (a match may be on any page): load the next page.
    if (hasNextPage && !isFetchingNextPage && (filter || lastIndex >= rows.length - 15)) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastIndex, rows.length, filter]);

  const toggle = (path: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  // Arrow keys move a roving focus (one row is tabbable); Right/Left open and close directories.
  const [focused, setFocused] = useState(0);
  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    setFocused(target);
    virtualizer.scrollToIndex(target);
    // The row may only exist after the virtualizer renders it.
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${target}"]`)?.focus());
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    const index = Number((event.target as HTMLElement).dataset.index ?? focused);
    const row: TreeRow | undefined = rows[index];
    if (!row) return;
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusRow(index + 1),
      ArrowUp: () => focusRow(index - 1),
      Home: () => focusRow(0),
      End: () => focusRow(rows.length - 1),
      ArrowRight: () => (row.kind === "dir" && row.collapsed ? toggle(row.path) : focusRow(index + 1)),
      ArrowLeft: () => {
        if (row.kind === "dir" && !row.collapsed) return toggle(row.path);
        const parent = rows.findLastIndex((other, at) => at < index && other.kind === "dir" && other.depth < row.depth);
        if (parent >= 0) focusRow(parent);
      },
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  };
  const rovingProps = (index: number) => ({
    "data-index": index,
    tabIndex: index === Math.min(focused, rows.length - 1) ? 0 : -1,
    "aria-level": rows[index].depth + 1,
    onFocus: () => setFocused(index),
  });

  return (
    <div className={styles.tree}>
      <input
        className={`input ${styles.filter}`}
        type="search"
        placeholder="Filter files…"
        aria-label="Filter files"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
      />
      {list.isPending ? (
        <div className={styles.status}>Loading files…</div>
      ) : list.isError ? (
        <ErrorAlert error={list.error} lead="Could not load files:" />
      ) : rows.length === 0 ? (
        <div className={styles.status}>{filter ? (hasNextPage ? "Searching…" : "No file matches the filter.") : "No files in this store yet."}</div>
      ) : (
        <div ref={scrollRef} className={styles.scroll} role="tree" aria-label="Files" data-testid="file-tree" onKeyDown={onKeyDown}>
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((item) => {
              const row = rows[item.index];
              const style = { transform: `translateY(${item.start}px)`, height: item.size, paddingLeft: 8 + row.depth * 14 };
              if (row.kind === "dir") {
                return (
                  <button
                    type="button"
                    key={`d:${row.path}`}
                    role="treeitem"
                    aria-selected={false}
                    aria-expanded={!row.collapsed}
                    className={`${styles.row} ${styles.dir}`}
                    style={style}
                    {...rovingProps(item.index)}
                    onClick={() => toggle(row.path)}
                  >
                    <span className={styles.caret} aria-hidden>
                      {row.collapsed ? "▸" : "▾"}
                    </span>
                    <span className={styles.name}>{row.name}/</span>
                    <span className={styles.meta}>
                      {row.files} · {formatBytes(row.size)}
                    </span>
                  </button>
                );
              }
              const change = lastChange.get(row.file.id);
              return (
                <button
                  type="button"
                  key={`f:${row.file.id}`}
                  role="treeitem"
                  aria-selected={row.file.id === selectedId}
                  data-path={row.file.path}
                  className={styles.row}
                  style={style}
                  {...rovingProps(item.index)}
                  onClick={() => onSelect(row.file.id)}
                  title={row.file.path}
                >
                  <span className={styles.name}>{row.name}</span>
                  <span className={styles.meta}>
                    {formatBytes(row.file.size)} · <RelativeTime value={row.file.updatedAt} />
                    {change ? (
                      <>
                        {" · "}
                        <ActorLabel actor={change.created_by} agentId={change.engram?.agent_id} apiKeyId={change.engram?.api_key_id} names={names} compact />
                      </>
                    ) : null}
                  </span>
                </button>
              );
            })}
          </div>
        </div>
      )}
      <div className={`muted ${styles.footer}`}>
        {files.length} file{files.length === 1 ? "" : "s"} loaded{hasNextPage ? " (more as you scroll)" : ""}
      </div>
    </div>
  );
}
