"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { LoadMore } from "@/components/ui/load-more";
import { Modal } from "@/components/ui/modal";
import { usePagedList } from "@/components/api/use-paged-list";
import { RelativeTime } from "@/components/ui/relative-time";
import { absoluteTime, viewerZone } from "@/components/ui/time-format";
import { TableWrap } from "@/components/ui/table-wrap";
import { download } from "@/components/ui/download";
import type { ActorNames } from "@/components/stores/types";
import { useStoreNames } from "@/components/stores/use-store-names";
import { AuditNames, useAuditNames } from "./audit-names";
import styles from "./audit-viewer.module.css";
import type { WireAuditEvent, WireAuditVerification } from "@/server/api/routes/audit-events";

export type AuditEvent = WireAuditEvent;
type Verification = WireAuditVerification;
type Filters = Record<string, string>;

const PAGE = 50;

/** datetime-local (no zone) → ISO with offset, as the API wants. */
const isoOf = (local: string) => (local ? new Date(local).toISOString() : "");

function filtersFrom(form: FormData): Filters {
  const out: Filters = {};
  for (const key of ["actor_id", "action", "store_id", "session_id"]) {
    const value = String(form.get(key) ?? "").trim();
    if (value) out[key] = value;
  }
  const from = isoOf(String(form.get("from") ?? ""));
  const to = isoOf(String(form.get("to") ?? ""));
  if (from) out["created_at[gte]"] = from;
  if (to) out["created_at[lte]"] = to;
  return out;
}

export function AuditViewer({ actions, canCheckpoint, names }: { actions: readonly string[]; canCheckpoint: boolean; names: ActorNames }) {
  const storeNames = useStoreNames();
  const label = useAuditNames(names, storeNames);
  const [filters, setFilters] = useState<Filters>({});
  const [selected, setSelected] = useState<AuditEvent | null>(null);

  const { list: events, rows } = usePagedList<AuditEvent>(queryKeys.audit.list(filters), "/audit_events", filters, { limit: PAGE });
  const verify = useMutation({ mutationKey: queryKeys.audit.verify(), mutationFn: () => apiFetch<Verification>("/audit_events/verify", { method: "POST" }) });
  const checkpoint = useMutation({
    mutationFn: () => apiFetch<Record<string, unknown>>("/audit_events/checkpoints", { method: "POST" }),
    onSuccess: (signed) =>
      download(new Blob([JSON.stringify(signed, null, 2)], { type: "application/json" }), `engram-audit-checkpoint-${String(signed.seq ?? "head")}.json`),
  });

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFilters(filtersFrom(new FormData(event.currentTarget)));
    setSelected(null);
  }
  const exportHref = (format: "csv" | "ndjson") => `/api/v1/audit_events/export?${new URLSearchParams({ format, ...filters })}`;
  const broken = verify.data && !verify.data.ok ? verify.data.broken_at_seq : undefined;

  return (
    <>
      <section className="card">
        <form className="inline-form" onSubmit={onFilter} aria-label="Filter audit events">
          <label>
            Actor
            <select name="actor_id" aria-label="Actor" defaultValue="">
              <option value="">anyone</option>
              <optgroup label="Members">
                {sortedEntries(names.users).map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
              </optgroup>
              <optgroup label="API keys">
                {sortedEntries(names.apiKeys).map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
          <label>
            Action
            <select name="action" aria-label="Action" defaultValue="">
              <option value="">any</option>
              {actions.map((action) => (
                <option key={action}>{action}</option>
              ))}
            </select>
          </label>
          <label>
            Store
            <select name="store_id" aria-label="Store" defaultValue="">
              <option value="">any store</option>
              {sortedEntries(storeNames).map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Session id
            <input name="session_id" maxLength={100} />
          </label>
          <label>
            From
            <input name="from" type="datetime-local" />
          </label>
          <label>
            To
            <input name="to" type="datetime-local" />
          </label>
          <button type="submit" className="button">
            Apply filters
          </button>
        </form>
        <div className="toolbar">
          <a className="button ghost" href={exportHref("csv")} download>
            Export CSV
          </a>
          <a className="button ghost" href={exportHref("ndjson")} download>
            Export NDJSON
          </a>
          <button type="button" className="button ghost" disabled={verify.isPending} onClick={() => verify.mutate()}>
            {verify.isPending ? "Verifying…" : "Verify chain"}
          </button>
          {canCheckpoint ? (
            <button type="button" className="button ghost" disabled={checkpoint.isPending} onClick={() => checkpoint.mutate()}>
              Create signed checkpoint
            </button>
          ) : null}
        </div>
        {verify.data ? (
          <div className={verify.data.ok ? "notice ok" : "alert"} role="status" data-testid="verify-result">
            {verify.data.ok
              ? `Chain OK: ${verify.data.events} events, head #${verify.data.head_seq ?? "—"} ${verify.data.head_hash ?? ""}`
              : `Chain broken at event #${verify.data.broken_at_seq}${verify.data.event_id ? ` (${verify.data.event_id})` : ""}: ${verify.data.problem ?? "hash mismatch"}`}
          </div>
        ) : null}
        {verify.error || checkpoint.error || events.error ? (
          <ErrorAlert
            error={verify.error ?? checkpoint.error ?? events.error}
            onDismiss={verify.error ? verify.reset : checkpoint.error ? checkpoint.reset : undefined}
          />
        ) : null}
        {checkpoint.data ? (
          <p className="muted small" role="status">
            Checkpoint signed and downloaded. Verify it offline with <code>npm run cli -- audit verify --checkpoint FILE</code>.
          </p>
        ) : null}
      </section>

      <div>
        <TableWrap label="Audit events">
          <table data-testid="audit-table">
            <thead>
              <tr>
                <th>#</th>
                <th>When</th>
                <th>Action</th>
                <th>Actor</th>
                <th>Target</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((event) => (
                <tr
                  key={event.id}
                  data-testid="audit-row"
                  data-seq={event.seq}
                  className={[styles.row, selected?.id === event.id ? styles.selected : "", broken === event.seq ? styles.broken : ""].join(" ").trim()}
                  aria-selected={selected?.id === event.id}
                  onClick={() => setSelected(event)}
                >
                  <td className="mono">
                    {/* The row opens on a click; the keyboard opens it here. */}
                    <button type="button" className={styles.open} aria-label={`Event #${event.seq} details`} onClick={() => setSelected(event)}>
                      {event.seq}
                    </button>
                  </td>
                  <td>
                    <RelativeTime value={event.created_at} />
                  </td>
                  <td>
                    <span className="badge">{event.action}</span>
                  </td>
                  <td>
                    <AuditNames.Actor actor={event.actor} label={label} />
                  </td>
                  <td>
                    <AuditNames.Target event={event} label={label} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {events.isSuccess && rows.length === 0 ? <p className="muted">No events match.</p> : null}
          <LoadMore list={events} />
        </TableWrap>
        {selected ? <EventDetail event={selected} label={label} onClose={() => setSelected(null)} /> : null}
      </div>
    </>
  );
}

/** The selected event in a dialog over the page, so the table keeps its width and every column. */
function EventDetail({ event, label, onClose }: { event: AuditEvent; label: ReturnType<typeof useAuditNames>; onClose: () => void }) {
  const fields: [string, string][] = [
    ["Sequence", String(event.seq)],
    ["Id", event.id],
    ["Time", `${absoluteTime(new Date(event.created_at), viewerZone())} · ${event.created_at}`],
    ["Action", event.action],
    ["Actor", `${label.actor(event.actor)} (${event.actor.type} ${event.actor.id})`],
    ["Store", event.store_id ? `${label.store(event.store_id)} (${event.store_id})` : "—"],
    ["Session", event.session_id ?? "—"],
    ["Target", event.target ? `${event.target.type} ${event.target.id ?? ""}` : "—"],
    ["Request", event.request_id ?? "—"],
    ["Previous hash", event.prev_hash],
    ["Hash", event.hash],
  ];
  return (
    <Modal
      open
      wide
      title={`Event #${event.seq}`}
      onClose={onClose}
      actions={
        <button type="button" className="button ghost" onClick={onClose}>
          Close
        </button>
      }
    >
      <div data-testid="event-detail">
        <dl className={`details ${styles.details}`}>
          {fields.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd className="mono small">{value}</dd>
            </div>
          ))}
        </dl>
        <h3>Data</h3>
        <pre className={`mono small ${styles.data}`}>{JSON.stringify(event.data, null, 2)}</pre>
      </div>
    </Modal>
  );
}

const sortedEntries = (record: Record<string, string>) => Object.entries(record).sort((a, b) => a[1].localeCompare(b[1]));
