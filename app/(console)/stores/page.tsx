import type { Metadata } from "next";
import { NewStoreButton } from "@/components/stores/new-store-button";
import { StoreList } from "@/components/stores/store-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasScope } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { storeSummaries } from "@/server/stores/store-summaries";

export const metadata: Metadata = { title: "Stores" };

export default async function StoresPage() {
  const { user, ctx } = await requireUser();
  const stores = await storeSummaries(ctx);
  return (
    <>
      <PageHeader
        title="Stores"
        description="Memory stores in this workspace: what your agents read and write."
        actions={hasScope(user, "stores:manage") ? <NewStoreButton /> : null}
      />
      {stores.length === 0 ? (
        <EmptyState title="No stores yet">
          Create one through the API (<code>POST /api/v1/memory_stores</code>) or load the demo with <code>npm run db:seed</code>.
        </EmptyState>
      ) : (
        <StoreList stores={stores} />
      )}
    </>
  );
}
