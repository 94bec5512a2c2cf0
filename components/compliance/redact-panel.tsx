"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorText } from "@/components/ui/error-text";

export type RedactTarget = { query: string; regex: boolean; storeId: string | null; versionIds: string[] };
type PlanItem = {
  version_id: string;
  store_id: string;
  path: string | null;
  operation: string;
  created_at: string;
  is_head: boolean;
  match_count?: number;
  already_redacted?: boolean;
};
type Plan = {
  type: "redaction_plan";
  mode: "text" | "version";
  versions: PlanItem[];
  live_heads?: { memory_id: string; version_id: string }[];
  match_count?: number;
};
type Record = {
  type: "redaction";
  id?: string;
  mode: "text" | "version";
  reason: string;
  created_at?: string;
  digest?: string;
  versions: PlanItem[];
  clean_versions?: { version_id: string }[];
};

/** Dry run, then confirm: redact the matched text everywhere, or the selected versions whole. */
export function RedactPanel({ target, onDone }: { target: RedactTarget; onDone: () => void }) {
  const [mode, setMode] = useState<"text" | "version">("text");
  const [reason, setReason] = useState("");
  const [plan, setPlan] = useState<Plan | null>(null);
  const [confirming, setConfirming] = useState(false);

  const body = (dryRun: boolean) =>
    mode === "text"
      ? { mode, query: target.query, regex: target.regex, store_id: target.storeId ?? undefined, reason, dry_run: dryRun }
      : { mode, version_ids: target.versionIds, reason, dry_run: dryRun };
  const dryRun = useMutation({ mutationFn: () => apiFetch<Plan>("/redaction/redact", { method: "POST", body: body(true) }), onSuccess: setPlan });
  const apply = useMutation({
    mutationFn: () => apiFetch<Record>("/redaction/redact", { method: "POST", body: body(false) }),
    onSuccess: () => {
      setConfirming(false);
      setPlan(null);
      onDone();
    },
  });
  const reset = () => {
    setPlan(null);
    apply.reset();
  };
  const canRun = reason.trim().length > 0 && (mode === "text" || target.versionIds.length > 0);
  const heads = plan?.versions.filter((v) => v.is_head) ?? [];

  return (
    <section className="card" aria-labelledby="redact-heading">
      <h2 id="redact-heading">Redact</h2>
      <fieldset className="inline-form" onChange={reset}>
        <label className="check">
          <input type="radio" name="mode" checked={mode === "text"} onChange={() => setMode("text")} /> the matched text, in every version that holds it
        </label>
        <label className="check">
          <input type="radio" name="mode" checked={mode === "version"} onChange={() => setMode("version")} /> the selected versions, whole (
          {target.versionIds.length} selected)
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor="redaction-reason">Reason (required, kept in the redaction record)</label>
        <input id="redaction-reason" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="button" className="button" disabled={!canRun || dryRun.isPending} onClick={() => dryRun.mutate()}>
        Dry run
      </button>
      {dryRun.error ? (
        <div className="alert" role="alert">
          {errorText(dryRun.error)}
        </div>
      ) : null}
      {plan ? (
        <div className="plan" data-testid="redaction-plan">
          <h3>Dry run: {plan.versions.length} versions would change</h3>
          {plan.mode === "text" ? (
            <p>
              {heads.length > 0
                ? `${heads.length} memories hold the text in their current version: each first gets a clean new version (the text replaced by [REDACTED]), then the history is rewritten, in one action.`
                : "No current version holds the text; only history is rewritten."}
            </p>
          ) : heads.length > 0 ? (
            <p className="danger-text">A selected version is a memory&apos;s current version; write a new version first, or redact its text instead.</p>
          ) : null}
          <ul className="plan-list">
            {plan.versions.map((v) => (
              <li key={v.version_id} className="mono small">
                {v.version_id} {v.path ?? ""} ({v.operation}, {new Date(v.created_at).toLocaleString()}){v.is_head ? " — current" : ""}
                {v.match_count ? ` — ${v.match_count} matches` : ""}
                {v.already_redacted ? " — already redacted" : ""}
              </li>
            ))}
          </ul>
          <button type="button" className="button danger" disabled={plan.versions.length === 0} onClick={() => setConfirming(true)}>
            Redact…
          </button>
        </div>
      ) : null}
      {apply.data ? (
        <div className="plan" data-testid="redaction-record" role="status">
          <h3>Redaction recorded</h3>
          <dl className="details">
            {apply.data.id ? (
              <>
                <dt>Record</dt>
                <dd className="mono">{apply.data.id}</dd>
              </>
            ) : null}
            <dt>Reason</dt>
            <dd>{apply.data.reason}</dd>
            <dt>Versions</dt>
            <dd className="mono small">{apply.data.versions.map((v) => v.version_id).join(", ")}</dd>
            {apply.data.clean_versions?.length ? (
              <>
                <dt>Clean new versions</dt>
                <dd className="mono small">{apply.data.clean_versions.map((v) => v.version_id).join(", ")}</dd>
              </>
            ) : null}
            {apply.data.digest ? (
              <>
                <dt>Keyed digest of what was removed</dt>
                <dd className="mono small">{apply.data.digest}</dd>
              </>
            ) : null}
          </dl>
        </div>
      ) : null}
      <ConfirmDialog
        title="Redact for good?"
        open={confirming}
        confirmLabel="Redact"
        danger
        busy={apply.isPending}
        error={errorText(apply.error)}
        onConfirm={() => apply.mutate()}
        onClose={() => setConfirming(false)}
      >
        <p>
          {plan?.versions.length} versions change permanently; the removed text cannot be recovered, from the API, the console, exports or the database files.
          The reason &quot;{reason}&quot; and who did it are recorded.
        </p>
      </ConfirmDialog>
    </section>
  );
}
