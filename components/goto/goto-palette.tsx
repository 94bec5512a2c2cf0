"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { useUnsavedGuard } from "@/components/editor/unsaved-changes";
import { ErrorAlert } from "@/components/ui/error-alert";
import type { GoToResults } from "./goto-types";
import { readRecent, rememberRecent, type RecentItem } from "./recent-items";
import { useDebouncedValue } from "./use-debounced-value";
import styles from "./goto-palette.module.css";

const kindLabel = { file: "File", session: "Session", agent: "Agent" } as const;

function itemsOf(results: GoToResults | undefined) {
  if (!results) return { files: [], sessions: [], agents: [] };
  return {
    files: results.files.map((file): RecentItem => ({
      key: `file:${file.memory_id}`,
      kind: "file",
      label: file.path,
      detail: file.memory_store_name,
      href: `/stores/${file.memory_store_id}?file=${file.memory_id}`,
    })),
    sessions: results.sessions.map((session): RecentItem => ({
      key: `session:${session.id}`,
      kind: "session",
      label: session.title || "Untitled session",
      detail: session.external_id ?? session.id,
      href: `/sessions/${session.id}`,
    })),
    agents: results.agents.map((agent): RecentItem => ({
      key: `agent:${agent.id}`,
      kind: "agent",
      label: agent.name,
      detail: "its sessions",
      href: `/sessions?agent=${agent.id}`,
    })),
  };
}

/**
 * Go to anything: a combobox (cmdk) over files by path, sessions by title or external id and
 * agents, asked of the server as the user pauses typing; recent items when nothing is typed.
 * Arrows move, Enter opens, Escape closes (the <dialog>'s cancel).
 */
export default function GoToPalette({ owner, onClose }: { owner: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const router = useRouter();
  const { confirmDiscard } = useUnsavedGuard();
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 150);
  const [recent] = useState(() => readRecent(owner));
  const results = useQuery({
    queryKey: queryKeys.goto.search(q),
    queryFn: ({ signal }) => apiFetch<GoToResults>("/goto", { query: { q }, signal }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const typing = search.trim().length > 0;
  const groups = useMemo(() => {
    if (!typing) return [{ heading: "Recent", items: recent }];
    const found = itemsOf(results.data);
    return [
      { heading: "Files", items: found.files },
      { heading: "Sessions", items: found.sessions },
      { heading: "Agents", items: found.agents },
    ];
  }, [typing, recent, results.data]);
  const first = groups.flatMap((group) => group.items)[0]?.key ?? "";
  // The first item is selected whenever the list changes, so Enter always opens something visible.
  const [value, setValue] = useState(first);
  const [listFirst, setListFirst] = useState(first);
  if (listFirst !== first) {
    setListFirst(first);
    setValue(first);
  }

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    // The input mounted while the dialog was closed (not focusable then): focus it now.
    input.current?.focus();
  }, []);

  const open = (item: RecentItem) => {
    rememberRecent(owner, item);
    onClose();
    confirmDiscard(() => router.push(item.href));
  };

  return (
    <dialog ref={dialog} className={styles.dialog} aria-label="Go to anything" onClose={onClose} onCancel={onClose}>
      <Command label="Go to anything" shouldFilter={false} value={value} onValueChange={setValue} className={styles.command} loop>
        <Command.Input ref={input} className={styles.input} value={search} onValueChange={setSearch} placeholder="Go to a file, session or agent…" />
        <Command.List className={styles.list}>
          {typing && results.isFetching && !results.data ? <Command.Loading>Searching…</Command.Loading> : null}
          {typing && results.data && !results.isPlaceholderData ? (
            <Command.Empty className={styles.empty}>Nothing matches “{search.trim()}”.</Command.Empty>
          ) : null}
          {!typing && recent.length === 0 ? (
            <div className={styles.empty}>Type part of a file path, a session title or external id, or an agent name.</div>
          ) : null}
          {groups.map((group) =>
            group.items.length === 0 ? null : (
              <Command.Group key={group.heading} heading={group.heading} className={styles.group}>
                {group.items.map((item) => (
                  <Command.Item key={item.key} value={item.key} onSelect={() => open(item)} className={styles.item}>
                    <span className={styles.kind}>{kindLabel[item.kind]}</span>
                    <span className={item.kind === "file" ? `${styles.label} mono` : styles.label}>{item.label}</span>
                    <span className={styles.detail}>{item.detail}</span>
                  </Command.Item>
                ))}
              </Command.Group>
            ),
          )}
        </Command.List>
      </Command>
      <ErrorAlert error={typing ? results.error : null} lead="Search failed:" />
      <p className={styles.hint} aria-hidden>
        ↑↓ to move · Enter to open · Esc to close
      </p>
    </dialog>
  );
}
