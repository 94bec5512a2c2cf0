"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorAlert } from "@/components/ui/error-alert";
import { errorText } from "@/components/ui/error-text";
import { NamedCreateForm } from "./named-create-form";
import { ImportPanel, TransferPanel } from "./transfer-panel";
import { TableWrap } from "@/components/ui/table-wrap";
import { WindowPager } from "@/components/ui/window-pager";
import type { WireGrantMatrix } from "@/server/api/routes/grants";
import { useGrantMatrix } from "./use-grant-matrix";

type Matrix = WireGrantMatrix;
type Access = Matrix["effective"][number]["access"];
/** A grant change waiting for the admin's confirmation. */
type GrantChange = { storeId: string; storeName: string; agentId: string | null; agentName: string; from: Access | null; access: Access | null };
type Pending = { kind: "archive" | "delete"; store: Matrix["memory_stores"][number]; counts?: { memories: number; versions: number } };

const ALL = "__all__";
/** The matrix shows this many stores (columns, and rows of the lifecycle table) and agents at a time. */
const STORES_SHOWN = 10;
const AGENTS_SHOWN = 20;
const cellKey = (storeId: string, agentId: string | null) => `${storeId}:${agentId ?? ALL}`;

export function StoreAccessPanel({ countStore }: { countStore: (storeId: string) => Promise<{ memories: number; versions: number }> }) {
  const client = useQueryClient();
  const { matrix, stores, agents } = useGrantMatrix(STORES_SHOWN, AGENTS_SHOWN);
  const refresh = () =>
    Promise.all([client.invalidateQueries({ queryKey: queryKeys.admin.grants() }), client.invalidateQueries({ queryKey: queryKeys.stores.all() })]);
  const [pending, setPending] = useState<Pending | null>(null);
  const [change, setChange] = useState<GrantChange | null>(null);
  // The cell last saved, which says so until the next change.
  const [saved, setSaved] = useState<string | null>(null);

  const setGrant = useMutation({
    mutationFn: ({ storeId, agentId, access }: { storeId: string; agentId: string | null; access: Access | null }) =>
      apiFetch(`/memory_stores/${storeId}/grants`, { method: "POST", body: { agent_id: agentId, access } }),
    onSuccess: (_, { storeId, agentId }) => {
      setChange(null);
      setSaved(cellKey(storeId, agentId));
    },
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

  const data = matrix.data;
  const storeText = stores.text;
  const agentText = agents.text;
  // Every cell looks its grant up by key: the matrix is stores × agents, the grant lists as long.
  const lookup = useMemo(
    () => ({
      grants: new Map((data?.grants ?? []).map((g) => [cellKey(g.memory_store_id, g.agent_id), g])),
      effective: new Map((data?.effective ?? []).map((g) => [cellKey(g.memory_store_id, g.agent_id), g.access])),
    }),
    [data],
  );
  const grantOf = (storeId: string, agentId: string | null) => lookup.grants.get(cellKey(storeId, agentId));
  const explicit = (storeId: string, agentId: string | null) => grantOf(storeId, agentId)?.access ?? null;
  const effective = (storeId: string, agentId: string) => lookup.effective.get(cellKey(storeId, agentId)) ?? null;
  const rows: { id: string | null; name: string }[] = [{ id: null, name: "All agents" }, ...agents.shown];

  return (
    <section className="card" aria-labelledby="stores-heading">
      <h2 id="stores-heading">Stores and access</h2>
      <NamedCreateForm
        label="Create store"
        nameLabel="Store name"
        nameMaxLength={200}
        mutation={createStore}
        onCreate={({ name, description }, done) =>
          // The new store is shown at once, wherever its name falls among the others.
          createStore.mutate(
            { name, description: description ?? undefined },
            {
              onSuccess: () => {
                done();
                stores.setText(name);
              },
            },
          )
        }
      />
      <p className="muted">
        Each cell is the agent&apos;s own grant on the store; &quot;All agents&quot; applies to every agent, and the stronger of the two wins.
      </p>
      <div className="filters">
        <label>
          Find a store
          <input type="search" value={storeText} onChange={(e) => stores.setText(e.target.value)} placeholder="Store name" aria-label="Find a store" />
        </label>
        <label>
          Find an agent
          <input type="search" value={agentText} onChange={(e) => agents.setText(e.target.value)} placeholder="Agent name" aria-label="Find an agent" />
        </label>
      </div>
      <ErrorAlert error={matrix.error} lead="Could not load stores and access:" />
      {matrix.isPending ? <p className="muted">Loading stores and access…</p> : null}
      {data && !storeText && stores.total === 0 ? <p className="muted">No stores yet: create one above.</p> : null}
      {data && (storeText || agentText) && (stores.total === 0 || agents.total === 0) ? (
        <p className="muted">{stores.total === 0 ? `No store's name contains “${storeText.trim()}”.` : `No agent's name contains “${agentText.trim()}”.`}</p>
      ) : null}
      <TableWrap label="Grants">
        <table data-testid="grant-matrix">
          <thead>
            <tr>
              <th>Agent \ store</th>
              {stores.shown.map((store) => (
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
                {stores.shown.map((store) => {
                  const own = explicit(store.id, agent.id);
                  // A path-scoped grant: its patterns decide access, and the console cannot edit them, so its
                  // level is not offered here (a change would replace the patterns with store-wide access).
                  const scoped = (grantOf(store.id, agent.id)?.paths.length ?? 0) > 0;
                  const eff = agent.id ? effective(store.id, agent.id) : own;
                  return (
                    <td key={store.id}>
                      <select
                        aria-label={`Access of ${agent.name} on ${store.name}`}
                        value={own ?? ""}
                        disabled={setGrant.isPending || scoped}
                        title={scoped ? "Path-scoped grant: change its patterns through the API (POST /memory_stores/{id}/grants with paths)" : undefined}
                        onChange={(e) => {
                          setSaved(null);
                          setGrant.reset();
                          const access = (e.target.value || null) as Access | null;
                          setChange({ storeId: store.id, storeName: store.name, agentId: agent.id, agentName: agent.name, from: own, access });
                        }}
                      >
                        <option value="">no grant</option>
                        <option value="read_only">read_only</option>
                        <option value="propose">propose</option>
                        <option value="read_write">read_write</option>
                      </select>
                      {grantOf(store.id, agent.id)?.paths.length ? (
                        <ul className="small" data-testid="scoped-grant" aria-label={`Path patterns of ${agent.name} on ${store.name}`}>
                          {grantOf(store.id, agent.id)!.paths.map((rule) => (
                            <li key={rule.pattern}>
                              <span className="mono">{rule.pattern}</span> {rule.access}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                      {eff && eff !== own ? <div className="muted small">effective: {eff}</div> : null}
                      {saved === cellKey(store.id, agent.id) ? (
                        <div className="small saved" role="status">
                          saved
                        </div>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <WindowPager noun="Stores" window={stores} />
      <WindowPager noun="Agents" window={agents} />

      <h3>Lifecycle, export and import</h3>
      <TableWrap label="Store access">
        <table data-testid="store-lifecycle">
          <tbody>
            {stores.shown.map((store) => (
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
      </TableWrap>
      <ImportPanel onImported={refresh} />

      <ConfirmDialog
        title="Change access?"
        open={change !== null}
        confirmLabel="Change access"
        busy={setGrant.isPending}
        error={errorText(setGrant.error)}
        onConfirm={() => change && setGrant.mutate({ storeId: change.storeId, agentId: change.agentId, access: change.access })}
        onClose={() => {
          setGrant.reset();
          setChange(null);
        }}
      >
        {change ? (
          <p data-testid="grant-change">
            {change.agentName} on <strong>{change.storeName}</strong>: {change.from ?? "no grant"} → <strong>{change.access ?? "no grant"}</strong>.{" "}
            {change.agentId === null ? "This applies to every agent without a stronger grant of its own." : "Takes effect on the agent's next request."}
          </p>
        ) : null}
      </ConfirmDialog>
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
