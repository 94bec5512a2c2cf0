"use client";
import { useEffect } from "react";
import { queryKeys } from "@/components/api/query-keys";
import { usePagedList } from "@/components/api/use-paged-list";
import { ErrorAlert } from "@/components/ui/error-alert";
import { LoadMore } from "@/components/ui/load-more";
import { TableWrap } from "@/components/ui/table-wrap";
import type { Webhook, WebhookDelivery } from "./webhook-types";
import styles from "./webhooks-panel.module.css";

const when = (value: string | null) => (value ? new Date(value).toLocaleString() : "—");
const badge = { pending: "badge warn", succeeded: "badge op-created", failed: "badge danger" } as const;

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
        <TableWrap label="Deliveries">
          <table data-testid="delivery-table">
            <thead>
              <tr>
                <th>Event</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Response</th>
                <th>Time</th>
                <th>Last attempt</th>
                <th>Next attempt</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-testid="delivery-row">
                  <td className="mono">{row.event_type}</td>
                  <td>
                    <span className={badge[row.status]}>{row.status}</span>
                  </td>
                  <td>{row.attempts}</td>
                  <td>{row.response_status_code ?? row.error ?? "—"}</td>
                  <td>{row.duration_ms === null ? "—" : `${row.duration_ms} ms`}</td>
                  <td>{when(row.last_attempt_at)}</td>
                  <td>{when(row.next_attempt_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <LoadMore list={list} />
    </div>
  );
}
