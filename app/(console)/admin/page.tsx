import type { Metadata } from "next";
import { AgentsKeysPanel } from "@/components/admin/agents-keys-panel";
import { MembersPanel, RoleTable } from "@/components/admin/members-panel";
import { StoreAccessPanel } from "@/components/admin/store-access-panel";
import { WebhooksPanel } from "@/components/admin/webhooks-panel";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { SectionNav } from "@/components/ui/section-nav";
import { hasScope, roleScopes, scopes } from "@/server/auth/permissions";
import { roles } from "@/server/auth/principal";
import { requireUser } from "@/server/auth/require-user";
import { storeCountsAction } from "./store-counts-action";

export const metadata: Metadata = { title: "Admin" };

const sections = [
  ["members-heading", "Members"],
  ["roles-heading", "Roles"],
  ["agents-heading", "Agents and API keys"],
  ["stores-heading", "Stores and access"],
  ["webhooks-heading", "Webhooks"],
] as const;

export default async function AdminPage() {
  const { user } = await requireUser();
  const header = <PageHeader title="Admin" description="Members, agents, API keys, and which agent may touch which store." />;
  if (!hasScope(user, "members:manage") || !hasScope(user, "grants:manage")) {
    return (
      <>
        {header}
        <EmptyState title="Admins only">Ask an admin of this workspace to change members, agents, keys or grants.</EmptyState>
      </>
    );
  }
  return (
    <>
      {header}
      <SectionNav label="Admin sections" sections={sections} />
      <MembersPanel roles={roles} currentUserId={user.userId} />
      <RoleTable scopes={scopes} roleScopes={roleScopes} />
      <AgentsKeysPanel />
      <StoreAccessPanel countStore={storeCountsAction} />
      <WebhooksPanel />
    </>
  );
}
