"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import Link from "next/link";
import { queryKeys } from "@/components/api/query-keys";
import { usePagedList } from "@/components/api/use-paged-list";
import type { Session } from "@/components/stores/types";
import { useUrlParams } from "@/components/stores/use-url-params";
import { LoadMore } from "@/components/ui/load-more";
import { RelativeTime } from "@/components/ui/relative-time";
import { TableWrap } from "@/components/ui/table-wrap";

/** Sessions newest first, searched by title, filtered by agent and by whether they wrote; cursor pages on demand. */
export function SessionList({ agents }: { agents: Record<string, string> }) {
  const url = useUrlParams();
  const agent = url.get("agent");
  const wrote = url.get("wrote") === "true";
  const q = url.get("q") ?? "";
  const filters = { agent_id: agent ?? undefined, wrote: wrote ? "true" : undefined, q: q.trim() || undefined };
  const { list: sessions, rows } = usePagedList<Session>(queryKeys.sessions.list(filters), "/sessions", filters);
  return (
    <>
      <div className="filters">
        <input
          className="input"
          type="search"
          aria-label="Search sessions by title or external id"
          placeholder="Search by title or external id…"
          value={q}
          onChange={(event) => url.set({ q: event.target.value })}
        />
        <select className="input" aria-label="Agent" value={agent ?? ""} onChange={(event) => url.set({ agent: event.target.value })}>
          <option value="">All agents</option>
          {Object.entries(agents)
            .sort((a, b) => a[1].localeCompare(b[1]))
            .map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
        </select>
        <label className="checkbox">
          <input type="checkbox" checked={wrote} onChange={(event) => url.set({ wrote: event.target.checked ? "true" : null })} /> Wrote something
        </label>
      </div>
      {sessions.isPending ? (
        <div className="muted">Loading sessions…</div>
      ) : sessions.isError ? (
        <ErrorAlert error={sessions.error} lead="Could not load sessions:" />
      ) : rows.length === 0 ? (
        <div className="empty-state" role="status">
          <h2>{agent || wrote ? "No session matches these filters" : "No sessions yet"}</h2>
          <p>Sessions appear when an agent starts a run through the API and writes memory inside it.</p>
        </div>
      ) : (
        <TableWrap label="Sessions">
          <table>
            <thead>
              <tr>
                <th>Session</th>
                <th>Agent</th>
                <th>Started</th>
                <th>Status</th>
                <th>Reads</th>
                <th>Writes</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((session) => (
                <tr key={session.id} data-testid="session-row">
                  <td>
                    <Link href={`/sessions/${session.id}`}>{session.title || "Untitled"}</Link>
                    <div className="mono muted">{session.id}</div>
                  </td>
                  <td>{agents[session.agent_id] ?? <span className="mono">{session.agent_id}</span>}</td>
                  <td>
                    <RelativeTime value={session.started_at} />
                  </td>
                  <td>{session.ended_at ? <span className="badge muted">ended</span> : <span className="badge">active</span>}</td>
                  <td>{session.read_count}</td>
                  <td>{session.write_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <LoadMore list={sessions} />
    </>
  );
}
