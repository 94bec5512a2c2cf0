"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { errorText } from "@/components/ui/error-text";
import { ImportPanel, TransferPanel } from "./transfer-panel";

type Access = "read_only" | "read_write";
type Matrix = {
  agents: { id: string; name: string }[];
  memory_stores: { id: string; name: string; archived_at: string | null }[];
  grants: { memory_store_id: string; agent_id: string | null; access: Access | null }[];
  effective: { agent_id: string; memory_store_id: string; access: Access }[];
};
type Pending = { kind: "archive" | "delete"; store: Matrix["memory_stores"][number]; counts?: { memories: number; versions: number } };

const ALL = "__all__";

export function StoreAccessPanel({ countStore }: { countStore: (storeId: string) => Promise<{ memories: number; versions: number }> }) {
  const client = useQueryClient();
  const matrix = useQuery({ queryKey: queryKeys.admin.grants(), queryFn: () => apiFetch<Matrix>("/grants") });
  const refresh = () =>
    Promise.all([client.invalidateQueries({ queryKey: queryKeys.admin.grants() }), client.invalidateQueries({ queryKey: queryKeys.stores.all() })]);
  const [pending, setPending] = useState<Pending | null>(null);

  const setGrant = useMutation({
    mutationFn: ({ storeId, agentId, access }: { storeId: string; agentId: string | null; access: Access | null }) =>
      apiFetch(`/memory_stores/${storeId}/grants`, { method: "POST", body: { agent_id: agentId, access } }),
    onSettled: refresh,
  });
  const createStore = useMutation({
    mutationFn: (body: unknown) => apiFetch("/memory_stores", { method: "POST", body }),
    onSettled: refresh,
  });
  const lifecycle = useMutation({
    mutationFn: (p: Pending) =>
      p.kind === "archive"
        ? apiFetch(`/memory_stores/${p.store.id}/archive`, { method: "POST" })
        : apiFetch(`/memory_stores/${p.store.id}`, { method: "DELETE" }),
    onSuccess: () => setPending(null),
    onSettled: refresh,
  });

  async function askDelete(store: Pending["store"]) {
    setPending({ kind: "delete", store });
    const counts = await countStore(store.id);
    setPending((current) => (current?.store.id === store.id ? { ...current, counts } : current));
  }
  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    createStore.mutate({ name: data.get("name"), description: data.get("description") || undefined }, { onSuccess: () => form.reset() });
  }

  const data = matrix.data;
  const explicit = (storeId: string, agentId: string | null) =>
    data?.grants.find((g) => g.memory_store_id === storeId && g.agent_id === agentId)?.access ?? null;
  const effective = (storeId: string, agentId: string) => data?.effective.find((g) => g.memory_store_id === storeId && g.agent_id === agentId)?.access ?? null;
  const rows: { id: string | null; name: string }[] = [{ id: null, name: "All agents" }, ...(data?.agents ?? [])];

  return (
    <section className="card" aria-labelledby="stores-heading">
      <h2 id="stores-heading">Stores and access</h2>
      <form className="inline-form" onSubmit={onCreate} aria-label="Create store">
        <label>
          Store name
          <input name="name" required maxLength={200} />
        </label>
        <label>
          Description
          <input name="description" maxLength={1024} />
        </label>
        <button className="button" type="submit" disabled={createStore.isPending}>
          Create store
        </button>
      </form>
      {createStore.error ? (
        <div className="alert" role="alert">
          {errorText(createStore.error)}
        </div>
      ) : null}
      {setGrant.error ? (
        <div className="alert" role="alert">
          {errorText(setGrant.error)}
        </div>
      ) : null}
      <p className="muted">
        Each cell is the agent&apos;s own grant on the store; &quot;All agents&quot; applies to every agent, and the stronger of the two wins.
      </p>
      <div className="table-wrap matrix">
        <table data-testid="grant-matrix">
          <thead>
            <tr>
              <th>Agent \ store</th>
              {(data?.memory_stores ?? []).map((store) => (
                <th key={store.id} scope="col">
                  {store.name}
                  {store.archived_at ? <span className="badge muted">archived</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((agent) => (
              <tr key={agent.id ?? ALL}>
                <th scope="row">{agent.name}</th>
                {(data?.memory_stores ?? []).map((store) => {
                  const own = explicit(store.id, agent.id);
                  const eff = agent.id ? effective(store.id, agent.id) : own;
                  return (
                    <td key={store.id}>
                      <select
                        aria-label={`Access of ${agent.name} on ${store.name}`}
                        value={own ?? ""}
                        disabled={setGrant.isPending}
                        onChange={(e) => setGrant.mutate({ storeId: store.id, agentId: agent.id, access: (e.target.value || null) as Access | null })}
                      >
                        <option value="">no grant</option>
                        <option value="read_only">read_only</option>
                        <option value="read_write">read_write</option>
                      </select>
                      {eff && eff !== own ? <div className="muted small">effective: {eff}</div> : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>Lifecycle, export and import</h3>
      <div className="table-wrap">
        <table data-testid="store-lifecycle">
          <tbody>
            {(data?.memory_stores ?? []).map((store) => (
              <tr key={store.id} data-testid="store-row">
                <td>{store.name}</td>
                <td className="mono muted">{store.id}</td>
                <td>
                  <TransferPanel storeId={store.id} storeName={store.name} />
                </td>
                <td className="row-actions">
                  {store.archived_at ? (
                    <span className="badge muted">archived</span>
                  ) : (
                    <button type="button" className="button ghost" onClick={() => setPending({ kind: "archive", store })}>
                      Archive
                    </button>
                  )}
                  <button type="button" className="button ghost danger-text" onClick={() => void askDelete(store)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ImportPanel onImported={refresh} />

      <ConfirmDialog
        title={pending?.kind === "archive" ? `Archive ${pending.store.name}?` : `Delete ${pending?.store.name ?? ""}?`}
        open={pending !== null}
        confirmLabel={pending?.kind === "archive" ? "Archive store" : "Delete store permanently"}
        danger
        busy={lifecycle.isPending || (pending?.kind === "delete" && !pending.counts)}
        error={errorText(lifecycle.error)}
        onConfirm={() => pending && lifecycle.mutate(pending)}
        onClose={() => {
          lifecycle.reset();
          setPending(null);
        }}
      >
        {pending?.kind === "archive" ? (
          <p data-testid="consequences">
            Archiving is one-way: the store becomes read-only for everyone, agents and people alike. Its memories and history stay readable and exportable, but
            nothing can be written, restored or redacted into new versions, and it cannot be un-archived.
          </p>
        ) : (
          <p data-testid="consequences">
            {pending?.counts
              ? `Deleting permanently removes ${pending.counts.memories} memories and ${pending.counts.versions} versions, with the store's grants and read records. This cannot be undone; the audit log keeps only that the store was deleted. Export it first if you may need it.`
              : "Counting what would be removed…"}
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
