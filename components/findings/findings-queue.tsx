"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useQueryClient } from "@tanstack/react-query";
import { usePagedList } from "@/components/api/use-paged-list";
import { useState } from "react";
import { queryKeys } from "@/components/api/query-keys";
import { LoadMore } from "@/components/ui/load-more";
import { RelativeTime } from "@/components/ui/relative-time";
import { FindingActionDialog, type FindingSelection } from "./finding-action-dialog";
import styles from "./findings-queue.module.css";
import type { WireFinding as Finding } from "@/server/api/routes/findings";

/** Open findings of the detectors, newest first: redact one, a selection or a whole rule, or dismiss, each with a reason. */
export function FindingsQueue({ storeNames, onChanged }: { storeNames: Map<string, string>; onChanged: () => void }) {
  const client = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [action, setAction] = useState<{ kind: "redact" | "dismiss"; selection: FindingSelection } | null>(null);
  const [rule, setRule] = useState("");
  const { list, rows } = usePagedList<Finding>(
    queryKeys.findings.list({ status: "open" }),
    "/findings",
    { status: "open" },
    { limit: 50, refetchInterval: 5_000 },
  );
  const rules = [...new Set(rows.map((r) => r.rule))].sort();
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const done = () => {
    setAction(null);
    setSelected(new Set());
    void client.invalidateQueries({ queryKey: queryKeys.findings.all() });
    onChanged();
  };

  return (
    <section className="card" aria-labelledby="findings-heading">
      <h2 id="findings-heading">Findings</h2>
      <p className="muted">Secrets and personal data the detectors found in new and past versions. Previews are masked.</p>
      <div className={styles.toolbar}>
        <button
          type="button"
          className="button"
          disabled={selected.size === 0}
          onClick={() => setAction({ kind: "redact", selection: { finding_ids: [...selected], label: `${selected.size} selected findings` } })}
        >
          Redact selected
        </button>
        <button
          type="button"
          className="button ghost"
          disabled={selected.size === 0}
          onClick={() => setAction({ kind: "dismiss", selection: { finding_ids: [...selected], label: `${selected.size} selected findings` } })}
        >
          Dismiss selected
        </button>
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
        <div className="table-wrap">
          <table data-testid="findings">
            <thead>
              <tr>
                <th>
                  <span className="sr-only">Select</span>
                </th>
                <th>Rule</th>
                <th>Store</th>
                <th>Version</th>
                <th>Where</th>
                <th>Preview</th>
                <th>Found</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.id} data-testid="finding">
                  <td>
                    <input type="checkbox" aria-label={`Select finding ${f.id}`} checked={selected.has(f.id)} onChange={() => toggle(f.id)} />
                  </td>
                  <td>
                    <span className="badge">{f.rule}</span>
                  </td>
                  <td>{storeNames.get(f.memory_store_id) ?? f.memory_store_id}</td>
                  <td className="mono small">{f.memory_version_id}</td>
                  <td className="mono small">
                    {f.line}:{f.column}
                  </td>
                  <td className={styles.preview}>{f.preview}</td>
                  <td>
                    <RelativeTime value={f.created_at} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button small"
                      onClick={() => setAction({ kind: "redact", selection: { finding_ids: [f.id], label: `this ${f.rule} finding` } })}
                    >
                      Redact…
                    </button>{" "}
                    <button
                      type="button"
                      className="button ghost small"
                      onClick={() => setAction({ kind: "dismiss", selection: { finding_ids: [f.id], label: `this ${f.rule} finding` } })}
                    >
                      Dismiss…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <LoadMore list={list} />
      {action ? <FindingActionDialog action={action.kind} selection={action.selection} onClose={() => setAction(null)} onDone={done} /> : null}
    </section>
  );
}
