"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiFetch, ApiRequestError } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorAlert } from "@/components/ui/error-alert";
import { errorText } from "@/components/ui/error-text";
import { RelativeTime } from "@/components/ui/relative-time";
import { UnifiedDiff } from "@/components/timeline/unified-diff";
import { useStoreNames } from "@/components/stores/use-store-names";
import type { Proposal, ProposalDetail, ProposalPage } from "./proposal-types";
import { FilterSelect } from "./filter-select";
import styles from "./review-queue.module.css";

type Filters = { store: string; agent: string; session: string };
type Reject = { ids: string[]; label: string };

/** Does a key press belong to a text field (where j/k/a/r are typing, not commands)? */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/**
 * Pending proposals (writes by keys with propose access), newest first: the diff of the one in
 * focus against the memory's head; approve (optionally edited, or merged when the head moved),
 * reject with a reason, one at a time or a selection. Keyboard: j/k move, a approves, r rejects.
 */
export function ReviewQueue() {
  const client = useQueryClient();
  const storeNames = new Map(Object.entries(useStoreNames()));
  const [filters, setFilters] = useState<Filters>({ store: "", agent: "", session: "" });
  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const [reject, setReject] = useState<Reject | null>(null);
  const [reason, setReason] = useState("");

  const query = { status: "pending", store_id: filters.store, agent_id: filters.agent, session_id: filters.session.trim(), limit: 100 };
  const list = useQuery({
    queryKey: queryKeys.proposals.list(query),
    queryFn: () => apiFetch<ProposalPage>("/proposals", { query }),
    refetchInterval: 10_000,
  });
  const rows = list.data?.data ?? [];
  const setFilter = (change: Partial<Filters>) => {
    setFilters((now) => ({ ...now, ...change }));
    setFocus(0);
  };
  const current: Proposal | undefined = rows[Math.min(focus, rows.length - 1)];
  const detail = useQuery({
    queryKey: queryKeys.proposals.detail(current?.id ?? "none"),
    queryFn: () => apiFetch<ProposalDetail>(`/proposals/${current!.id}`),
    enabled: Boolean(current),
  });
  const agents = [...new Set(rows.map((r) => r.agent_id).filter((a): a is string => Boolean(a)))];

  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.proposals.all() });
  const approve = useMutation({
    mutationFn: ({ ids, content, merge }: { ids: string[]; content?: string; merge?: boolean }) =>
      ids.reduce<Promise<unknown>>(
        (prev, id) => prev.then(() => apiFetch(`/proposals/${id}/approve`, { method: "POST", body: { content, merge } })),
        Promise.resolve(),
      ),
    onSuccess: () => {
      setEditing(null);
      setSelected(new Set());
    },
    onSettled: refresh,
  });
  const rejectMany = useMutation({
    mutationFn: ({ ids, reason: why }: { ids: string[]; reason: string }) =>
      ids.reduce<Promise<unknown>>(
        (prev, id) => prev.then(() => apiFetch(`/proposals/${id}/reject`, { method: "POST", body: { reason: why } })),
        Promise.resolve(),
      ),
    onSuccess: () => {
      setReject(null);
      setReason("");
      setSelected(new Set());
    },
    onSettled: refresh,
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typing(event.target) || event.metaKey || event.ctrlKey || event.altKey || reject || !current) return;
      if (event.key === "j") setFocus((f) => Math.min(f + 1, rows.length - 1));
      else if (event.key === "k") setFocus((f) => Math.max(f - 1, 0));
      else if (event.key === "a" && !approve.isPending) approve.mutate({ ids: [current.id] });
      else if (event.key === "r") setReject({ ids: [current.id], label: current.path ?? current.id });
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rows.length, current, reject, approve]);

  const toggle = (id: string) =>
    setSelected((now) => {
      const next = new Set(now);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const headMoved = approve.error instanceof ApiRequestError && approve.error.status === 409 ? approve.error : null;
  const conflictDiff = headMoved ? ((headMoved.body as { error?: { diff?: string } })?.error?.diff ?? "") : "";

  return (
    <section className={`card ${styles.queue}`} aria-labelledby="review-heading">
      <h2 id="review-heading">Pending proposals</h2>
      <p className="muted">
        Changes agents with propose access asked for. Nothing is written until approved. Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>a</kbd> approve,{" "}
        <kbd>r</kbd> reject.
      </p>
      <div className={styles.toolbar}>
        <FilterSelect label="Store" all="all stores" value={filters.store} options={[...storeNames]} onChange={(store) => setFilter({ store })} />
        <FilterSelect label="Agent" all="all agents" value={filters.agent} options={agents.map((id) => [id, id])} onChange={(agent) => setFilter({ agent })} />
        <label>
          Session
          <input className="input" value={filters.session} placeholder="sesn_…" onChange={(e) => setFilter({ session: e.target.value })} aria-label="Session" />
        </label>
        <button type="button" className="button" disabled={selected.size === 0 || approve.isPending} onClick={() => approve.mutate({ ids: [...selected] })}>
          Approve selected
        </button>
        <button
          type="button"
          className="button ghost"
          disabled={selected.size === 0}
          onClick={() => setReject({ ids: [...selected], label: `${selected.size} selected proposals` })}
        >
          Reject selected
        </button>
      </div>
      <ErrorAlert error={list.error} lead="Could not load proposals:" />
      {list.isPending ? <p className="muted">Loading proposals…</p> : null}
      {list.isSuccess && rows.length === 0 ? (
        <p className="muted" data-testid="no-proposals">
          No proposals wait for review.
        </p>
      ) : null}
      {rows.length > 0 ? (
        <div className={styles.split}>
          <ul className={styles.list} data-testid="proposals" aria-label="Proposals">
            {rows.map((p, index) => (
              <li key={p.id} className={styles.item} data-testid="proposal" aria-current={p.id === current?.id ? "true" : undefined}>
                <input type="checkbox" aria-label={`Select proposal ${p.path ?? p.id}`} checked={selected.has(p.id)} onChange={() => toggle(p.id)} />
                <button type="button" className={styles.pick} onClick={() => setFocus(index)}>
                  <span className="badge">{p.operation}</span> <span className="mono">{p.path}</span>
                  <span className={`muted small ${styles.meta}`}>
                    {storeNames.get(p.memory_store_id) ?? p.memory_store_id} · {p.agent_id ?? "?"} · <RelativeTime value={p.created_at} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {current ? (
            <div className={styles.detail} data-testid="proposal-detail">
              <h3 className="mono">{current.path}</h3>
              <p className="muted small">
                {current.operation} · proposal {current.id}
                {current.session_id ? ` · session ${current.session_id}` : ""}
              </p>
              <ErrorAlert error={detail.error} lead="Could not load the diff:" />
              <ErrorAlert error={detail.data?.head_moved ? "The memory changed since this was proposed; approving needs a merge." : null} testId="head-moved" />
              {detail.data ? (
                detail.data.diff ? (
                  <UnifiedDiff text={detail.data.diff} />
                ) : (
                  <p className="muted">No change against the current head.</p>
                )
              ) : (
                <p className="muted">Loading diff…</p>
              )}
              {editing === current.id ? (
                <label className={styles.editor}>
                  Edited content
                  <textarea className="input mono" rows={10} value={draft} onChange={(e) => setDraft(e.target.value)} aria-label="Edited content" />
                </label>
              ) : null}
              <ErrorAlert error={approve.error} lead="Approve failed:" onDismiss={approve.reset} />
              {conflictDiff ? <UnifiedDiff text={conflictDiff} /> : null}
              <div className={styles.actions}>
                {editing === current.id ? (
                  <button type="button" className="button" disabled={approve.isPending} onClick={() => approve.mutate({ ids: [current.id], content: draft })}>
                    Approve edited
                  </button>
                ) : (
                  <button type="button" className="button" disabled={approve.isPending} onClick={() => approve.mutate({ ids: [current.id] })}>
                    Approve
                  </button>
                )}
                {headMoved ? (
                  <button
                    type="button"
                    className="button ghost"
                    onClick={() => approve.mutate({ ids: [current.id], merge: true, content: editing === current.id ? draft : undefined })}
                  >
                    Approve with merge
                  </button>
                ) : null}
                {current.operation !== "deleted" && editing !== current.id ? (
                  <button
                    type="button"
                    className="button ghost"
                    onClick={() => {
                      setEditing(current.id);
                      setDraft(current.content ?? "");
                    }}
                  >
                    Edit before approving
                  </button>
                ) : null}
                <button type="button" className="button ghost danger" onClick={() => setReject({ ids: [current.id], label: current.path ?? current.id })}>
                  Reject…
                </button>
              </div>
            </div>
          ) : null}
        </div>
      ) : null}
      <ConfirmDialog
        open={reject !== null}
        title={`Reject ${reject?.label ?? ""}`}
        confirmLabel="Reject"
        danger
        busy={rejectMany.isPending}
        error={rejectMany.error ? errorText(rejectMany.error) : null}
        onClose={() => {
          setReject(null);
          rejectMany.reset();
        }}
        onConfirm={() => reject && reason.trim() && rejectMany.mutate({ ids: reject.ids, reason: reason.trim() })}
      >
        <label>
          Reason (kept in the audit log)
          <textarea className="input" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reason" />
        </label>
      </ConfirmDialog>
    </section>
  );
}
