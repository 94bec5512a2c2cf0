"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { errorText } from "@/components/ui/error-text";
import { Modal } from "@/components/ui/modal";
import styles from "./findings-queue.module.css";
import type { WireFindingsRedaction } from "@/server/api/routes/findings";

export type FindingSelection = { finding_ids?: string[]; rule?: string; label: string };
/** The dry run of POST /findings/redact: per version, masked lines before and after. */
type Plan = Extract<WireFindingsRedaction, { dry_run: true }>;

/** Redact (with a dry-run preview of every changed line) or dismiss the selected findings, with a reason. */
export function FindingActionDialog({
  action,
  selection,
  onClose,
  onDone,
}: {
  action: "redact" | "dismiss";
  selection: FindingSelection;
  onClose: () => void;
  onDone: () => void;
}) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const target = { finding_ids: selection.finding_ids, rule: selection.rule };
  const plan = useQuery({
    queryKey: queryKeys.findings.plan(target),
    enabled: action === "redact",
    queryFn: () => apiFetch<Plan>("/findings/redact", { method: "POST", body: { ...target, reason: "preview", dry_run: true } }),
  });
  async function run() {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/findings/${action}`, { method: "POST", body: { ...target, reason } });
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  const title = action === "redact" ? `Redact ${selection.label}` : `Dismiss ${selection.label}`;
  return (
    <Modal
      open
      wide
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className={action === "redact" ? "button danger" : "button"} disabled={busy || reason.trim() === ""} onClick={() => void run()}>
            {action === "redact" ? "Redact" : "Dismiss"}
          </button>
        </>
      }
    >
      {action === "redact" ? (
        <div data-testid="finding-plan">
          {plan.isPending ? <p className="muted">Preparing the preview…</p> : null}
          <ErrorAlert error={plan.error} />
          {plan.data ? (
            <>
              <p>{plan.data.versions.length} versions change. Each line as it is now (masked) and as it will be:</p>
              <ul className={styles.lines}>
                {plan.data.versions.flatMap((v) =>
                  v.lines.map((l) => (
                    <li key={`${v.version_id}:${l.line}`}>
                      <span className="muted">
                        {v.path ?? v.version_id}:{l.line}
                      </span>
                      <br />
                      <span className={styles.before}>− {l.before}</span>
                      <br />
                      <span className={styles.after}>+ {l.after}</span>
                    </li>
                  )),
                )}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      <label className={styles.reason}>
        Reason (recorded in the audit log)
        <input className={styles.reason} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} required />
      </label>
      {error ? <ErrorAlert error={error} /> : null}
    </Modal>
  );
}
