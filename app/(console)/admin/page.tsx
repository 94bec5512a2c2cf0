import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { hasScope } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { listGrants } from "@/server/grants/list-grants";
import { listUsers } from "@/server/users/list-users";

export const metadata: Metadata = { title: "Admin" };

const accessLabel = { read_only: "read-only", read_write: "read-write" } as const;

export default async function AdminPage() {
  const { user, ctx } = await requireUser();
  const header = <PageHeader title="Admin" description="Members, agents and which agent may touch which store." />;
  if (!hasScope(user, "members:manage") || !hasScope(user, "grants:manage")) {
    return (
      <>
        {header}
        <EmptyState title="Admins only">Ask an admin of this workspace to change members, agents, keys or grants.</EmptyState>
      </>
    );
  }
  const [users, matrix] = await Promise.all([listUsers(ctx), listGrants(ctx)]);
  const storeName = new Map(matrix.memory_stores.map((store) => [store.id, store.name]));
  return (
    <>
      {header}
      <section className="card">
        <h2>Members</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th>Last sign-in</th>
              </tr>
            </thead>
            <tbody>
              {users.map((member) => (
                <tr key={member.id}>
                  <td>{member.name}</td>
                  <td>{member.email}</td>
                  <td>
                    <span className="badge">{member.role}</span>
                  </td>
                  <td>{member.last_login_at ? <RelativeTime value={member.last_login_at} /> : <span className="muted">never</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>Agents and grants</h2>
        {matrix.agents.length === 0 ? (
          <EmptyState title="No agents yet">
            Create one with <code>npm run cli -- api-key create --name KEY --agent AGENT</code>.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Agent</th>
                  <th>Access</th>
                </tr>
              </thead>
              <tbody>
                {matrix.agents.map((agent) => {
                  const access = matrix.effective.filter((grant) => grant.agent_id === agent.id);
                  return (
                    <tr key={agent.id}>
                      <td>
                        <div>{agent.name}</div>
                        <div className="muted">{agent.description}</div>
                      </td>
                      <td>
                        {access.length === 0 ? (
                          <span className="muted">no stores</span>
                        ) : (
                          access.map((grant) => (
                            <div key={grant.memory_store_id}>
                              {storeName.get(grant.memory_store_id)} <span className="badge muted">{accessLabel[grant.access]}</span>
                            </div>
                          ))
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
