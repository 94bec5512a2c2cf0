"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { Modal } from "@/components/ui/modal";
import type { WireSessionRollback } from "@/server/api/routes/history";

type Rollback = WireSessionRollback;

/** Shows the dry run first; rolling back for real writes new versions and never overwrites a later change. */
export function RollbackDialog({ sessionId, onClose, onRolledBack }: { sessionId: string; onClose: () => void; onRolledBack: () => void }) {
  const client = useQueryClient();
  const plan = useQuery({
    queryKey: queryKeys.sessions.rollbackPlan(sessionId),
    queryFn: () => apiFetch<Rollback>(`/sessions/${sessionId}/rollback`, { method: "POST", body: { dry_run: true } }),
    staleTime: 0,
    gcTime: 0,
  });
  const rollback = useMutation({
    mutationFn: () => apiFetch<Rollback>(`/sessions/${sessionId}/rollback`, { method: "POST", body: { dry_run: false } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.sessions.detail(sessionId) });
      void client.invalidateQueries({ queryKey: queryKeys.sessions.timeline(sessionId) });
      void client.invalidateQueries({ queryKey: queryKeys.stores.all() });
      onRolledBack();
    },
  });
  const result = rollback.data ?? plan.data;
  const done = Boolean(rollback.data);
  return (
    <Modal
      open
      wide
      title={done ? "Session rolled back" : "Roll back this session?"}
      onClose={onClose}
      actions={
        done ? (
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        ) : (
          <>
            <button type="button" className="button ghost" onClick={onClose} disabled={rollback.isPending}>
              Cancel
            </button>
            {/* Nothing to revert (e.g. already rolled back): no button offering "Roll back 0 changes". */}
            {plan.data && plan.data.reverted.length === 0 ? null : (
              <button type="button" className="button danger" onClick={() => rollback.mutate()} disabled={!plan.data || rollback.isPending}>
                {rollback.isPending
                  ? "Rolling back…"
                  : plan.data
                    ? `Roll back ${plan.data.reverted.length} change${plan.data.reverted.length === 1 ? "" : "s"}`
                    : "Roll back"}
              </button>
            )}
          </>
        )
      }
    >
      {plan.isPending ? (
        <p className="muted">Working out what would change (dry run)…</p>
      ) : plan.isError ? (
        <ErrorAlert error={plan.error} />
      ) : result ? (
        <div data-testid="rollback-result" data-dry-run={String(!done)}>
          <p className="muted">
            {done
              ? "Every change below was reverted by a new version; the audit log records the rollback."
              : "Dry run: nothing has been written yet. Each file goes back to its content before this session."}
          </p>
          <h3>{done ? "Reverted" : "Will revert"}</h3>
          {result.reverted.length === 0 ? (
            <p className="muted">Nothing to revert: every change of this session is already undone or was changed again since.</p>
          ) : (
            <ul className="rollback-list" data-testid="rollback-reverted">
              {result.reverted.map((item) => (
                <li key={item.memory_id}>
                  <span className="badge">{item.action}</span>{" "}
                  <Link className="mono" href={`/stores/${item.memory_store_id}?file=${item.memory_id}&tab=history`}>
                    {item.path}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {result.conflicts.length > 0 ? (
            <>
              <h3>Conflicts (left as they are)</h3>
              <ul className="rollback-list conflicts" data-testid="rollback-conflicts">
                {result.conflicts.map((item) => (
                  <li key={item.memory_id}>
                    <span className="badge warn">{item.reason.replace("_", " ")}</span> <span className="mono">{item.path}</span> — {item.message}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {result.unchanged.length > 0 ? <p className="muted">{result.unchanged.length} file(s) already as they were before the session.</p> : null}
          {result.skipped.length > 0 ? (
            <p className="muted">Skipped stores: {result.skipped.map((item) => `${item.memory_store_id} (${item.reason})`).join(", ")}</p>
          ) : null}
        </div>
      ) : null}
      {rollback.isError ? <ErrorAlert error={rollback.error} onDismiss={rollback.reset} /> : null}
    </Modal>
  );
}
