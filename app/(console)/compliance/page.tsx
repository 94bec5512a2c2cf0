import type { Metadata } from "next";
import { ComplianceConsole } from "@/components/compliance/compliance-console";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasScope } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Compliance" };

export default async function CompliancePage() {
  const { user } = await requireUser();
  const header = <PageHeader title="Compliance" description="Find content across every version of every store, and redact it with a reason." />;
  if (!hasScope(user, "redaction:create")) {
    return (
      <>
        {header}
        <EmptyState title="Not available for your role">Search and redaction are for admins and compliance officers.</EmptyState>
      </>
    );
  }
  return (
    <>
      {header}
      <ComplianceConsole />
    </>
  );
}
