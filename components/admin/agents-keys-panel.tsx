"use client";
import { RelativeTime } from "@/components/ui/relative-time";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { usePagedList } from "@/components/api/use-paged-list";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorAlert } from "@/components/ui/error-alert";
import { errorText } from "@/components/ui/error-text";
import { LoadMore } from "@/components/ui/load-more";
import { NamedCreateForm } from "./named-create-form";
import { SecretDialog } from "./secret-dialog";
import { TableWrap } from "@/components/ui/table-wrap";
import type { WireAgent } from "@/server/api/routes/agents";
import type { WireApiKey } from "@/server/api/routes/api-keys";

type Agent = WireAgent;
type ApiKey = WireApiKey;

const when = (value: string | null) => (value ? <RelativeTime value={value} /> : "never");

export function AgentsKeysPanel() {
  const client = useQueryClient();
  const { list: agents, rows: agentList } = usePagedList<Agent>(queryKeys.admin.agents(), "/agents", {}, { limit: 100 });
  const { list: keys, rows: keyList } = usePagedList<ApiKey>(queryKeys.admin.apiKeys(), "/api_keys", {}, { limit: 100 });
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const createAgent = useMutation({
    mutationFn: (body: unknown) => apiFetch<Agent>("/agents", { method: "POST", body }),
    onSettled: () =>
      Promise.all([client.invalidateQueries({ queryKey: queryKeys.admin.agents() }), client.invalidateQueries({ queryKey: queryKeys.admin.grants() })]),
  });
  const createKey = useMutation({
    mutationFn: (body: unknown) => apiFetch<ApiKey & { key: string }>("/api_keys", { method: "POST", body }),
    onSuccess: (created) => setSecret(created.key),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.admin.apiKeys() }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch<ApiKey>(`/api_keys/${id}/revoke`, { method: "POST" }),
    onSuccess: () => setRevoking(null),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.admin.apiKeys() }),
  });

  const agentName = new Map(agentList.map((agent) => [agent.id, agent.name]));

  function onKey(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const owner = String(data.get("owner"));
    const body = owner === "admin" ? { name: data.get("name"), kind: "admin" } : { name: data.get("name"), kind: "agent", agent_id: owner };
    createKey.mutate(body, { onSuccess: () => form.reset() });
  }

  const keyTable = (title: string, rows: ApiKey[], testId: string) => (
    <>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <TableWrap label="Agents and API keys">
          <table data-testid={testId}>
            <thead>
              <tr>
                <th>Name</th>
                {testId === "agent-keys" ? <th>Agent</th> : null}
                <th>Prefix</th>
                <th>Created</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((key) => (
                <tr key={key.id} data-testid="key-row">
                  <td>{key.name}</td>
                  {testId === "agent-keys" ? <td>{agentName.get(key.agent_id ?? "") ?? key.agent_id}</td> : null}
                  <td className="mono">{key.prefix}…</td>
                  <td>{when(key.created_at)}</td>
                  <td>{when(key.last_used_at)}</td>
                  <td>
                    {key.revoked_at ? (
                      <span className="badge danger">revoked</span>
                    ) : (
                      <button type="button" className="button ghost" onClick={() => setRevoking(key)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );

  return (
    <section className="card" aria-labelledby="agents-heading">
      <h2 id="agents-heading">Agents and API keys</h2>
      <NamedCreateForm
        label="Create agent"
        nameLabel="Agent name"
        nameMaxLength={100}
        mutation={createAgent}
        onCreate={(fields, done) => createAgent.mutate(fields, { onSuccess: done })}
      />
      <p className="muted">Agents: {agentList.length === 0 ? "none yet" : agentList.map((agent) => agent.name).join(", ")}</p>
      <LoadMore list={agents} />

      <form className="inline-form" onSubmit={onKey} onChange={() => createKey.error && createKey.reset()} aria-label="Create API key">
        <label>
          Key name
          <input name="name" required maxLength={100} />
        </label>
        <label>
          For
          <select name="owner" required defaultValue="">
            <option value="" disabled>
              choose…
            </option>
            <option value="admin">admin key (whole workspace)</option>
            {agentList.map((agent) => (
              <option key={agent.id} value={agent.id}>
                agent: {agent.name}
              </option>
            ))}
          </select>
        </label>
        <button className="button" type="submit" disabled={createKey.isPending}>
          Create key
        </button>
      </form>
      <ErrorAlert error={createKey.error} onDismiss={createKey.reset} />
      {keyTable(
        "Agent keys",
        keyList.filter((key) => key.kind === "agent"),
        "agent-keys",
      )}
      {keyTable(
        "Admin keys",
        keyList.filter((key) => key.kind === "admin"),
        "admin-keys",
      )}
      <LoadMore list={keys} />

      <SecretDialog
        title="New API key"
        secret={secret}
        note="Copy the key now: it is shown this once. Engram keeps only its hash and shows the prefix from now on."
        onClose={() => setSecret(null)}
      />
      <ConfirmDialog
        title={`Revoke ${revoking?.name ?? ""}?`}
        open={revoking !== null}
        confirmLabel="Revoke key"
        danger
        busy={revoke.isPending}
        error={errorText(revoke.error)}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => setRevoking(null)}
      >
        <p>
          Requests with the key <code>{revoking?.prefix}…</code> are refused from now on. This cannot be undone; create a new key if the agent still needs
          access.
        </p>
      </ConfirmDialog>
    </section>
  );
}
