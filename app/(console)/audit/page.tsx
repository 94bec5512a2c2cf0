import type { Metadata } from "next";
import { AuditViewer } from "@/components/audit/audit-viewer";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { auditActions } from "@/server/audit/audit-actions";
import { hasScope } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { actorNames } from "@/server/workspaces/actor-names";

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
  return (
    <>
      {header}
      <AuditViewer actions={auditActions} canCheckpoint={hasScope(user, "audit:read")} names={await actorNames(ctx)} />
    </>
  );
}
