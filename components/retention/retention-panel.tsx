"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { ErrorAlert } from "@/components/ui/error-alert";
import { RelativeTime } from "@/components/ui/relative-time";
import type { RetentionPolicy } from "@/lib/retention/retention-policy";
import styles from "./retention-panel.module.css";
import type { WireStoreRetention } from "@/server/api/routes/memory-stores";

type StoreRetention = WireStoreRetention;

export function describePolicy(policy: RetentionPolicy): string {
  if (policy.version_days === null) return "Keeps every version.";
  const kept = policy.keep_latest > 0 ? `the newest ${policy.keep_latest} of each memory and its current version` : "each memory's current version";
  return `Removes versions older than ${policy.version_days} days, except ${kept}.`;
}

/** The store's retention policy, what the next run would remove, and (for admins) a way to change the policy. */
export function RetentionPanel({ storeId, canManage }: { storeId: string; canManage: boolean }) {
  const client = useQueryClient();
  const retention = useQuery({
    queryKey: queryKeys.retention.store(storeId),
    queryFn: ({ signal }) => apiFetch<StoreRetention>(`/memory_stores/${storeId}/retention`, { signal }),
  });
  const [days, setDays] = useState("");
  const [keep, setKeep] = useState("");
  const save = useMutation({
    mutationFn: (body: unknown) => apiFetch<StoreRetention>(`/memory_stores/${storeId}/retention`, { method: "POST", body }),
    onSuccess: (data) => client.setQueryData(queryKeys.retention.store(storeId), data),
  });
  const data = retention.data;
  return (
    <section className="card" aria-labelledby="retention-heading">
      <h2 id="retention-heading">Retention</h2>
      <ErrorAlert error={retention.error} />
      {data ? (
        <>
          <p data-testid="retention-policy">{describePolicy(data.policy)}</p>
          <p data-testid="retention-next-run">
            {data.next_run.held.store
              ? "A legal hold on this store: the next run removes nothing."
              : data.next_run.versions_removed === 0
                ? "The next run removes nothing."
                : `The next run removes ${data.next_run.versions_removed} version${data.next_run.versions_removed === 1 ? "" : "s"} of ${data.next_run.memories_affected} memor${data.next_run.memories_affected === 1 ? "y" : "ies"}.`}
            {!data.next_run.held.store && data.next_run.held.hold_ids.length > 0
              ? ` Memories under legal hold are skipped (${data.next_run.held.hold_ids.length}).`
              : null}
          </p>
          {data.next_run.versions.length > 0 ? (
            <ul className={styles.versions}>
              {data.next_run.versions.map((v) => (
                <li key={v.id}>
                  <span className="mono">{v.path ?? "(redacted path)"}</span> · <RelativeTime value={v.created_at} />
                </li>
              ))}
            </ul>
          ) : null}
          {canManage ? (
            <form
              className={styles.form}
              aria-label="Retention policy"
              onSubmit={(e) => {
                e.preventDefault();
                save.mutate({ version_days: days.trim() === "" ? null : Number(days), keep_latest: keep.trim() === "" ? 0 : Number(keep) });
              }}
            >
              <label>
                Remove versions older than (days; empty keeps all)
                <input
                  className="input"
                  inputMode="numeric"
                  value={days}
                  onChange={(e) => setDays(e.target.value)}
                  placeholder={String(data.policy.version_days ?? "")}
                />
              </label>
              <label>
                Always keep the newest
                <input
                  className="input"
                  inputMode="numeric"
                  value={keep}
                  onChange={(e) => setKeep(e.target.value)}
                  placeholder={String(data.policy.keep_latest)}
                />
              </label>
              <button type="submit" className="button" disabled={save.isPending}>
                Save policy
              </button>
              <button type="button" className="button ghost" disabled={save.isPending} onClick={() => save.mutate({ preset: "managed_agents" })}>
                Managed Agents preset (30 days)
              </button>
              <button type="button" className="button ghost" disabled={save.isPending} onClick={() => save.mutate({ preset: "keep_everything" })}>
                Keep everything
              </button>
            </form>
          ) : null}
          <ErrorAlert error={save.error} lead="Could not save the policy:" onDismiss={save.reset} />
        </>
      ) : null}
    </section>
  );
}
