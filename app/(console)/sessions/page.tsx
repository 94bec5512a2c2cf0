import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { listAgents } from "@/server/agents/list-agents";
import { requireUser } from "@/server/auth/require-user";
import { listSessions } from "@/server/sessions/list-sessions";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage() {
  const { ctx } = await requireUser();
  const [sessions, agents] = await Promise.all([listSessions(ctx, { limit: 50 }), listAgents(ctx, { limit: 100 })]);
  const agentName = new Map(agents.data.map((agent) => [agent.id, agent.name]));
  return (
    <>
      <PageHeader title="Sessions" description="Agent runs, newest first, with what each read and wrote." />
      {sessions.data.length === 0 ? (
        <EmptyState title="No sessions yet">Sessions appear when an agent starts a run through the API and writes memory inside it.</EmptyState>
      ) : (
        <div className="table-wrap">
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
              {sessions.data.map((session) => (
                <tr key={session.id}>
                  <td>
                    <div>{session.title || <span className="muted">Untitled</span>}</div>
                    <div className="mono muted">{session.id}</div>
                  </td>
                  <td>{agentName.get(session.agent_id) ?? <span className="mono">{session.agent_id}</span>}</td>
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
        </div>
      )}
    </>
  );
}
