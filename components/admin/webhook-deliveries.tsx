"use client";
import { useEffect } from "react";
import { queryKeys } from "@/components/api/query-keys";
import { usePagedList } from "@/components/api/use-paged-list";
import { ErrorAlert } from "@/components/ui/error-alert";
import { LoadMore } from "@/components/ui/load-more";
import { ListTable, type Column } from "@/components/ui/list-table";
import { RelativeTime } from "@/components/ui/relative-time";
import type { Webhook, WebhookDelivery } from "./webhook-types";
import styles from "./webhooks-panel.module.css";

const when = (value: string | null) => (value ? <RelativeTime value={value} /> : "—");
const badge = { pending: "badge warn", succeeded: "badge op-created", failed: "badge danger" } as const;
const columns: Column<WebhookDelivery>[] = [
  { key: "event", header: "Event", className: "mono", cell: (row) => row.event_type },
  { key: "status", header: "Status", cell: (row) => <span className={badge[row.status]}>{row.status}</span> },
  { key: "attempts", header: "Attempts", cell: (row) => row.attempts },
  { key: "response", header: "Response", cell: (row) => row.response_status_code ?? row.error ?? "—" },
  { key: "time", header: "Time", cell: (row) => (row.duration_ms === null ? "—" : `${row.duration_ms} ms`) },
  { key: "last-attempt", header: "Last attempt", cell: (row) => when(row.last_attempt_at) },
  { key: "next-attempt", header: "Next attempt", cell: (row) => when(row.next_attempt_at) },
];

/** One endpoint's deliveries, newest first, refreshing while any is pending. */
export function WebhookDeliveries({ webhook }: { webhook: Webhook }) {
  const { list, rows } = usePagedList<WebhookDelivery>(queryKeys.admin.deliveries(webhook.id), `/webhooks/${webhook.id}/deliveries`, {}, 20);
  const pending = rows.some((row) => row.status === "pending");
  const { refetch } = list;
  // Poll only while something is on its way; a settled list stays put.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void refetch(), 1_000);
    return () => clearInterval(timer);
  }, [pending, refetch]);
  return (
    <div className={styles.deliveries} aria-label={`Deliveries to ${webhook.url}`} role="region">
      <h3>Deliveries</h3>
      {list.isPending ? <p className="muted">Loading deliveries…</p> : null}
      <ErrorAlert error={list.error} lead="Could not load deliveries:" />
      {!list.isPending && !list.error && rows.length === 0 ? <p className="muted">Nothing sent yet. Send a test event, or change something.</p> : null}
      {rows.length > 0 ? (
        <ListTable label="Deliveries" testId="delivery-table" rowTestId="delivery-row" rows={rows} rowKey={(row) => row.id} columns={columns} />
      ) : null}
      <LoadMore list={list} />
    </div>
  );
}
