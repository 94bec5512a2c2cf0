"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch, ApiRequestError } from "@/components/api/api-fetch";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorText } from "@/components/ui/error-text";
import { RelativeTime } from "@/components/ui/relative-time";
import type { WireRedaction } from "@/server/api/routes/redaction";
import styles from "./redact-panel.module.css";

export type RedactTarget = { query: string; regex: boolean; storeId: string | null; versionIds: string[] };
type Plan = Extract<WireRedaction, { dry_run: true }>;
type Redaction = Extract<WireRedaction, { dry_run: false }>;
/** Text redactions cover paths too: each matching path, masked, and what it becomes. */
const pathsOf = (plan: Plan | null) => (plan?.mode === "text" ? plan.paths : []);

/** Dry run, then confirm: redact the matched text everywhere, or the selected versions whole. */
export function RedactPanel({ target, onDone }: { target: RedactTarget; onDone: () => void }) {
  const [mode, setMode] = useState<"text" | "version">("text");
  const [reason, setReason] = useState("");
  const [plan, setPlan] = useState<Plan | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [holdOverride, setHoldOverride] = useState("");

  const body = (dryRun: boolean) =>
    mode === "text"
      ? { mode, query: target.query, regex: target.regex, store_id: target.storeId ?? undefined, reason, dry_run: dryRun }
      : { mode, version_ids: target.versionIds, reason, dry_run: dryRun };
  const withOverride = () => ({ ...body(false), legal_hold_override_reason: holdOverride.trim() || undefined });
  const dryRun = useMutation({ mutationFn: () => apiFetch<Plan>("/redaction/redact", { method: "POST", body: body(true) }), onSuccess: setPlan });
  const apply = useMutation({
    mutationFn: () => apiFetch<Redaction>("/redaction/redact", { method: "POST", body: withOverride() }),
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
  const versions: Plan["versions"][number][] = plan?.versions ?? [];
  const heads = versions.filter((v) => v.is_head);
  const paths = pathsOf(plan);
  // A text redaction's record also has its id, the clean new versions and the keyed digest.
  const textRecord = apply.data?.mode === "text" ? apply.data : null;
  // A legal hold covers some of the versions: redacting needs an override with its own reason (recorded in the audit log).
  const held =
    apply.error instanceof ApiRequestError && Array.isArray((apply.error.body as { error?: { legal_hold_ids?: unknown } } | null)?.error?.legal_hold_ids);

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
      {dryRun.error ? <ErrorAlert error={dryRun.error} onDismiss={dryRun.reset} /> : null}
      {plan ? (
        <div className={styles.plan} data-testid="redaction-plan">
          <h3>
            Dry run: {versions.length} versions would change{paths.length ? `, and ${paths.length} paths` : ""}
          </h3>
          {plan.mode === "text" ? (
            <p>
              {heads.length > 0
                ? `${heads.length} memories hold the text in their current version: each first gets a clean new version (the text replaced by [REDACTED]), then the history is rewritten, in one action.`
                : "No current version holds the text; only history is rewritten."}
            </p>
          ) : heads.length > 0 ? (
            <p className="danger-text">A selected version is a memory&apos;s current version; write a new version first, or redact its text instead.</p>
          ) : null}
          <ul className={styles.list}>
            {versions.map((v) => (
              <li key={v.version_id} className="mono small">
                {v.version_id} {v.path ?? ""} ({v.operation}, <RelativeTime value={v.created_at} />){v.is_head ? " — current" : ""}
                {"match_count" in v && v.match_count ? ` — ${v.match_count} matches` : ""}
                {"already_redacted" in v && v.already_redacted ? " — already redacted" : ""}
              </li>
            ))}
          </ul>
          {paths.length ? (
            <ul className={styles.list} aria-label="Paths that change" data-testid="redaction-plan-paths">
              {paths.map((p) => (
                <li key={`${p.memory_id} ${p.before}`} className="mono small">
                  {p.before} → {p.after}
                </li>
              ))}
            </ul>
          ) : null}
          <button type="button" className="button danger" disabled={versions.length === 0 && paths.length === 0} onClick={() => setConfirming(true)}>
            Redact…
          </button>
        </div>
      ) : null}
      {apply.data ? (
        <div className={styles.plan} data-testid="redaction-record" role="status">
          <h3>Redaction recorded</h3>
          <dl className="details">
            {textRecord ? (
              <>
                <dt>Record</dt>
                <dd className="mono">{textRecord.id}</dd>
              </>
            ) : null}
            <dt>Reason</dt>
            <dd>{apply.data.reason}</dd>
            <dt>Versions</dt>
            <dd className="mono small">{apply.data.versions.map((v) => v.version_id).join(", ")}</dd>
            {textRecord?.clean_versions.length ? (
              <>
                <dt>Clean new versions</dt>
                <dd className="mono small">{textRecord.clean_versions.map((v) => v.version_id).join(", ")}</dd>
              </>
            ) : null}
            {textRecord?.digest ? (
              <>
                <dt>Keyed digest of what was removed</dt>
                <dd className="mono small">{textRecord.digest}</dd>
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
        {held ? (
          <div className="field">
            <label htmlFor="hold-override">Under legal hold: reason to redact anyway (recorded in the audit log)</label>
            <input id="hold-override" value={holdOverride} maxLength={1000} onChange={(e) => setHoldOverride(e.target.value)} />
          </div>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
