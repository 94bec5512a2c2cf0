"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { errorText } from "@/components/ui/error-text";

export type AuditEvent = {
  id: string;
  seq: number;
  created_at: string;
  actor: { type: string; id: string };
  action: string;
  store_id: string | null;
  session_id: string | null;
  target: { type: string; id: string | null } | null;
  request_id: string | null;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
};
type Verification = { ok: boolean; events: number; head_seq?: number; head_hash?: string; broken_at_seq?: number; event_id?: string | null; problem?: string };
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

function download(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

export function AuditViewer({ actions, canCheckpoint }: { actions: readonly string[]; canCheckpoint: boolean }) {
  const [filters, setFilters] = useState<Filters>({});
  // Cursor stack: the page tokens that led to each page shown so far.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const [selected, setSelected] = useState<AuditEvent | null>(null);

  const events = useQuery({
    queryKey: queryKeys.audit.list({ ...filters, page: cursor }),
    queryFn: () => apiFetch<{ data: AuditEvent[]; next_page: string | null }>("/audit_events", { query: { ...filters, limit: PAGE, page: cursor } }),
  });
  const verify = useMutation({ mutationKey: queryKeys.audit.verify(), mutationFn: () => apiFetch<Verification>("/audit_events/verify", { method: "POST" }) });
  const checkpoint = useMutation({
    mutationFn: () => apiFetch<Record<string, unknown>>("/audit_events/checkpoints", { method: "POST" }),
    onSuccess: (signed) =>
      download(new Blob([JSON.stringify(signed, null, 2)], { type: "application/json" }), `engram-audit-checkpoint-${String(signed.seq ?? "head")}.json`),
  });

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFilters(filtersFrom(new FormData(event.currentTarget)));
    setCursors([undefined]);
    setSelected(null);
  }
  const exportHref = (format: "csv" | "ndjson") => `/api/v1/audit_events/export?${new URLSearchParams({ format, ...filters })}`;
  const rows = events.data?.data ?? [];
  const broken = verify.data && !verify.data.ok ? verify.data.broken_at_seq : undefined;

  return (
    <>
      <section className="card">
        <form className="inline-form" onSubmit={onFilter} aria-label="Filter audit events">
          <label>
            Actor id
            <input name="actor_id" maxLength={100} />
          </label>
          <label>
            Action
            <select name="action" defaultValue="">
              <option value="">any</option>
              {actions.map((action) => (
                <option key={action}>{action}</option>
              ))}
            </select>
          </label>
          <label>
            Store id
            <input name="store_id" maxLength={100} />
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
          <div className="alert" role="alert">
            {errorText(verify.error ?? checkpoint.error ?? events.error)}
          </div>
        ) : null}
        {checkpoint.data ? (
          <p className="muted small" role="status">
            Checkpoint signed and downloaded. Verify it offline with <code>npm run cli -- audit verify --checkpoint FILE</code>.
          </p>
        ) : null}
      </section>

      <div className="split">
        <div className="table-wrap">
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
                  className={[selected?.id === event.id ? "selected" : "", broken === event.seq ? "broken" : ""].join(" ").trim() || undefined}
                  aria-selected={selected?.id === event.id}
                  onClick={() => setSelected(event)}
                >
                  <td className="mono">{event.seq}</td>
                  <td title={event.created_at}>{new Date(event.created_at).toLocaleString()}</td>
                  <td>
                    <span className="badge">{event.action}</span>
                  </td>
                  <td>
                    <span className="muted">{event.actor.type}</span> <span className="mono small">{event.actor.id}</span>
                  </td>
                  <td className="mono small">{event.target ? `${event.target.type} ${event.target.id ?? ""}` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {events.isSuccess && rows.length === 0 ? <p className="muted">No events match.</p> : null}
          <div className="toolbar">
            <button type="button" className="button ghost" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Newer
            </button>
            <button
              type="button"
              className="button ghost"
              disabled={!events.data?.next_page}
              onClick={() => events.data?.next_page && setCursors((c) => [...c, events.data!.next_page!])}
            >
              Older
            </button>
          </div>
        </div>
        {selected ? <EventDetail event={selected} onClose={() => setSelected(null)} /> : null}
      </div>
    </>
  );
}

function EventDetail({ event, onClose }: { event: AuditEvent; onClose: () => void }) {
  const fields: [string, string][] = [
    ["Sequence", String(event.seq)],
    ["Id", event.id],
    ["Time", event.created_at],
    ["Action", event.action],
    ["Actor", `${event.actor.type} ${event.actor.id}`],
    ["Store", event.store_id ?? "—"],
    ["Session", event.session_id ?? "—"],
    ["Target", event.target ? `${event.target.type} ${event.target.id ?? ""}` : "—"],
    ["Request", event.request_id ?? "—"],
    ["Previous hash", event.prev_hash],
    ["Hash", event.hash],
  ];
  return (
    <aside className="card detail-panel" aria-label="Event detail" data-testid="event-detail">
      <div className="toolbar">
        <h2>Event #{event.seq}</h2>
        <button type="button" className="button ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="details">
        {fields.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="mono small">{value}</dd>
          </div>
        ))}
      </dl>
      <h3>Data</h3>
      <pre className="mono small">{JSON.stringify(event.data, null, 2)}</pre>
    </aside>
  );
}
