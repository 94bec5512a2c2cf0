"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { webhookEventTypes } from "@/lib/webhooks/event-types";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { usePagedList } from "@/components/api/use-paged-list";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorAlert } from "@/components/ui/error-alert";
import { errorText } from "@/components/ui/error-text";
import { LoadMore } from "@/components/ui/load-more";
import { ListTable, type Column } from "@/components/ui/list-table";
import { SecretDialog } from "./secret-dialog";
import { WebhookDeliveries } from "./webhook-deliveries";
import type { Webhook } from "./webhook-types";
import styles from "./webhooks-panel.module.css";

type WithSecret = Webhook & { secret: string };

/** Admin → Webhooks: endpoints, their signing secrets (shown once), tests, deliveries, and why one was disabled. */
export function WebhooksPanel() {
  const client = useQueryClient();
  const { list, rows } = usePagedList<Webhook>(queryKeys.admin.webhooks(), "/webhooks", {}, 50);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.admin.webhooks() });

  const create = useMutation({
    mutationFn: (body: unknown) => apiFetch<WithSecret>("/webhooks", { method: "POST", body }),
    onSuccess: (created) => setSecret({ title: "New webhook secret", value: created.secret }),
    onSettled: refresh,
  });
  const rotate = useMutation({
    mutationFn: (id: string) => apiFetch<WithSecret>(`/webhooks/${id}/rotate_secret`, { method: "POST" }),
    onSuccess: (rotated) => setSecret({ title: "Rotated webhook secret", value: rotated.secret }),
    onSettled: refresh,
  });
  const setEnabled = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => apiFetch<Webhook>(`/webhooks/${id}`, { method: "PATCH", body: { enabled } }),
    onSettled: refresh,
  });
  const test = useMutation({
    mutationFn: (id: string) => apiFetch(`/webhooks/${id}/test`, { method: "POST" }),
    onSuccess: (_result, id) => {
      setOpen(id);
      return client.invalidateQueries({ queryKey: queryKeys.admin.deliveries(id) });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/webhooks/${id}`, { method: "DELETE" }),
    onSuccess: (_result, id) => {
      setDeleting(null);
      if (open === id) setOpen(null);
    },
    onSettled: refresh,
  });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const events = data.getAll("events").map(String);
    create.mutate({ url: data.get("url"), description: data.get("description") || undefined, events }, { onSuccess: () => form.reset() });
  }

  const actionError = rotate.error ?? setEnabled.error ?? test.error;
  const columns: Column<Webhook>[] = [
    {
      key: "endpoint",
      header: "Endpoint",
      cell: (hook) => (
        <>
          <div className={`mono ${styles.url}`}>{hook.url}</div>
          {hook.description ? <div className="muted">{hook.description}</div> : null}
        </>
      ),
    },
    { key: "events", header: "Events", cell: (hook) => (hook.events.length === webhookEventTypes.length ? "all" : hook.events.join(", ")) },
    { key: "secret", header: "Secret", className: "mono", cell: (hook) => `${hook.secret_prefix}…` },
    {
      key: "status",
      header: "Status",
      cell: (hook) =>
        hook.status === "enabled" ? (
          <span className="badge op-created">enabled</span>
        ) : (
          <>
            <span className="badge danger">disabled</span>
            <div className={styles.reason} data-testid="disabled-reason">
              {hook.disabled_reason}
            </div>
          </>
        ),
    },
    {
      key: "actions",
      header: "Actions",
      srOnly: true,
      cell: (hook) => (
        <div className="row-actions">
          <button type="button" className="button ghost" onClick={() => test.mutate(hook.id)} disabled={test.isPending}>
            Send test
          </button>
          <button type="button" className="button ghost" onClick={() => setOpen(open === hook.id ? null : hook.id)} aria-expanded={open === hook.id}>
            Deliveries
          </button>
          <button type="button" className="button ghost" onClick={() => rotate.mutate(hook.id)} disabled={rotate.isPending}>
            Rotate secret
          </button>
          <button
            type="button"
            className="button ghost"
            onClick={() => setEnabled.mutate({ id: hook.id, enabled: hook.status !== "enabled" })}
            disabled={setEnabled.isPending}
          >
            {hook.status === "enabled" ? "Disable" : "Enable"}
          </button>
          <button type="button" className="button ghost danger-text" onClick={() => setDeleting(hook)}>
            Delete
          </button>
        </div>
      ),
    },
  ];

  return (
    <section className="card" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p className="muted">
        Engram POSTs each chosen event to the URL, signed per Standard Webhooks (<code>webhook-id</code>, <code>webhook-timestamp</code>,{" "}
        <code>webhook-signature</code>). Payloads carry ids only. Failed deliveries are retried for about a day; then the endpoint is disabled.
      </p>
      <form className={styles.create} onSubmit={onCreate} onChange={() => create.error && create.reset()} aria-label="Create webhook">
        <div className="inline-form">
          <label>
            Endpoint URL
            <input name="url" type="url" required maxLength={2048} placeholder="https://example.com/engram-events" />
          </label>
          <label>
            Description
            <input name="description" maxLength={1024} />
          </label>
          <button className="button" type="submit" disabled={create.isPending}>
            Create webhook
          </button>
        </div>
        <fieldset className={styles.events}>
          <legend>Events</legend>
          {webhookEventTypes.map((type) => (
            <label key={type} className="checkbox">
              <input type="checkbox" name="events" value={type} defaultChecked />
              <span className="mono">{type}</span>
            </label>
          ))}
        </fieldset>
      </form>
      <ErrorAlert error={create.error} onDismiss={create.reset} />
      <ErrorAlert error={actionError} onDismiss={() => (rotate.reset(), setEnabled.reset(), test.reset())} />

      {list.isPending ? <p className="muted">Loading webhooks…</p> : null}
      <ErrorAlert error={list.error} lead="Could not load webhooks:" />
      {!list.isPending && !list.error && rows.length === 0 ? (
        <p className="muted" data-testid="webhooks-empty">
          No webhooks yet. Add an endpoint above to be told about stores, memories, sessions and findings as they change.
        </p>
      ) : null}
      {rows.length > 0 ? (
        <ListTable label="Webhooks" testId="webhook-table" rowTestId="webhook-row" rows={rows} rowKey={(hook) => hook.id} columns={columns} />
      ) : null}
      <LoadMore list={list} />
      {rows
        .filter((hook) => hook.id === open)
        .map((hook) => (
          <WebhookDeliveries key={hook.id} webhook={hook} />
        ))}

      <SecretDialog
        title={secret?.title ?? "Webhook secret"}
        secret={secret?.value ?? null}
        note="Copy the signing secret now: it is shown this once. Verify each delivery's webhook-signature with it (any Standard Webhooks library does)."
        onClose={() => setSecret(null)}
      />
      <ConfirmDialog
        title={`Delete the webhook to ${deleting?.url ?? ""}?`}
        open={deleting !== null}
        confirmLabel="Delete webhook"
        danger
        busy={remove.isPending}
        error={errorText(remove.error)}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => setDeleting(null)}
      >
        <p>Nothing more is sent to this endpoint, and its delivery history is deleted with it. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
