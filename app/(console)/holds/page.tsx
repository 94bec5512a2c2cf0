import type { Metadata } from "next";
import { HoldsConsole } from "@/components/holds/holds-console";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasScope } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { actorNames } from "@/server/workspaces/actor-names";

export const metadata: Metadata = { title: "Legal holds" };

export default async function HoldsPage() {
  const { user, ctx } = await requireUser();
  const header = (
    <PageHeader
      title="Legal holds"
      description="A hold on a store or a memory blocks retention, deletion and (without an override) redaction until it is lifted."
    />
  );
  if (!hasScope(user, "holds:read")) {
    return (
      <>
        {header}
        <EmptyState title="Not available for your role">Legal holds are for admins and compliance officers.</EmptyState>
      </>
    );
  }
  return (
    <>
      {header}
      <HoldsConsole canManage={hasScope(user, "holds:manage")} names={await actorNames(ctx)} />
    </>
  );
}
