"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useQueryClient } from "@tanstack/react-query";
import { usePagedList } from "@/components/api/use-paged-list";
import { useState } from "react";
import { ListTable, type Column } from "@/components/ui/list-table";
import { useSelection } from "@/components/ui/use-selection";
import { queryKeys } from "@/components/api/query-keys";
import { LoadMore } from "@/components/ui/load-more";
import { RelativeTime } from "@/components/ui/relative-time";
import { FindingActionDialog, type FindingSelection } from "./finding-action-dialog";
import styles from "./findings-queue.module.css";
import type { WireFinding as Finding } from "@/server/api/routes/findings";

/** What can be done to the ticked findings, each asking for a reason first. */
const selectionActions = [
  { kind: "redact", text: "Redact selected", className: "button" },
  { kind: "dismiss", text: "Dismiss selected", className: "button ghost" },
] as const;

/** Open findings of the detectors, newest first: redact one, a selection or a whole rule, or dismiss, each with a reason. */
export function FindingsQueue({ storeNames, onChanged }: { storeNames: Map<string, string>; onChanged: () => void }) {
  const client = useQueryClient();
  const selection = useSelection((id) => `Select finding ${id}`);
  const [action, setAction] = useState<{ kind: "redact" | "dismiss"; selection: FindingSelection } | null>(null);
  const [rule, setRule] = useState("");
  const { list, rows } = usePagedList<Finding>(
    queryKeys.findings.list({ status: "open" }),
    "/findings",
    { status: "open" },
    { limit: 50, refetchInterval: 5_000 },
  );
  const rules = [...new Set(rows.map((r) => r.rule))].sort();
  const done = () => {
    setAction(null);
    selection.clear();
    void client.invalidateQueries({ queryKey: queryKeys.findings.all() });
    onChanged();
  };

  const act = (kind: "redact" | "dismiss", f: Finding) => setAction({ kind, selection: { finding_ids: [f.id], label: `this ${f.rule} finding` } });
  const columns: Column<Finding>[] = [
    { key: "rule", header: "Rule", cell: (f) => <span className="badge">{f.rule}</span> },
    { key: "store", header: "Store", cell: (f) => storeNames.get(f.memory_store_id) ?? f.memory_store_id },
    { key: "version", header: "Version", className: "mono small", cell: (f) => f.memory_version_id },
    { key: "where", header: "Where", className: "mono small", cell: (f) => `${f.line}:${f.column}` },
    { key: "preview", header: "Preview", className: styles.preview, cell: (f) => f.preview },
    { key: "found", header: "Found", cell: (f) => <RelativeTime value={f.created_at} /> },
    {
      key: "actions",
      header: "Actions",
      srOnly: true,
      cell: (f) => (
        <>
          <button type="button" className="button small" onClick={() => act("redact", f)}>
            Redact…
          </button>{" "}
          <button type="button" className="button ghost small" onClick={() => act("dismiss", f)}>
            Dismiss…
          </button>
        </>
      ),
    },
  ];

  return (
    <section className="card" aria-labelledby="findings-heading">
      <h2 id="findings-heading">Findings</h2>
      <p className="muted">Secrets and personal data the detectors found in new and past versions. Previews are masked.</p>
      <div className={styles.toolbar}>
        {selectionActions.map(({ kind, text, className }) => (
          <button
            key={kind}
            type="button"
            className={className}
            disabled={selection.ids.length === 0}
            onClick={() => setAction({ kind, selection: { finding_ids: selection.ids, label: `${selection.ids.length} selected findings` } })}
          >
            {text}
          </button>
        ))}
        <label>
          Rule
          <select value={rule} onChange={(e) => setRule(e.target.value)} aria-label="Rule">
            <option value="">choose a rule</option>
            {rules.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button ghost"
          disabled={!rule}
          onClick={() => setAction({ kind: "redact", selection: { rule, label: `every open ${rule} finding` } })}
        >
          Redact all of this rule
        </button>
      </div>
      <ErrorAlert error={list.error} />
      {list.isSuccess && rows.length === 0 ? <p className="muted">No open findings.</p> : null}
      {rows.length > 0 ? (
        <ListTable label="Findings" testId="findings" rowTestId="finding" rows={rows} rowKey={(f) => f.id} columns={columns} selection={selection} />
      ) : null}
      <LoadMore list={list} />
      {action ? <FindingActionDialog action={action.kind} selection={action.selection} onClose={() => setAction(null)} onDone={done} /> : null}
    </section>
  );
}
