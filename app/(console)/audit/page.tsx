import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { listAuditEvents } from "@/server/audit/list-audit-events";
import { hasScope } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage() {
  const { user, ctx } = await requireUser();
  const header = <PageHeader title="Audit log" description="Every action in this workspace, hash-chained and append-only." />;
  if (!hasScope(user, "audit:read")) {
    return (
      <>
        {header}
        <EmptyState title="Not available for your role">The audit log is visible to admins, developers and compliance.</EmptyState>
      </>
    );
  }
  const events = await listAuditEvents(ctx, { limit: 100 });
  return (
    <>
      {header}
      {events.data.length === 0 ? (
        <EmptyState title="No events yet">Sign-ins, store changes and memory writes will be recorded here.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>When</th>
                <th>Action</th>
                <th>Actor</th>
                <th>Target</th>
              </tr>
            </thead>
            <tbody>
              {events.data.map((event) => (
                <tr key={event.id}>
                  <td className="mono">{event.seq}</td>
                  <td>
                    <RelativeTime value={event.created_at} />
                  </td>
                  <td>
                    <span className="badge">{event.action}</span>
                  </td>
                  <td>
                    <span className="muted">{event.actor.type}</span> <span className="mono">{event.actor.id}</span>
                  </td>
                  <td className="mono">{event.target ? `${event.target.id}` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
