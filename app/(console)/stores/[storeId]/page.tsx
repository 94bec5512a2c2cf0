import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RetentionPanel } from "@/components/retention/retention-panel";
import { StoreBrowser } from "@/components/stores/store-browser";
import { PageHeader } from "@/components/ui/page-header";
import { hasScope } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { ApiError } from "@/server/http/api-error";
import { getStore } from "@/server/stores/get-store";
import { actorNames } from "@/server/workspaces/actor-names";

export const metadata: Metadata = { title: "Store" };

export default async function StorePage({ params }: { params: Promise<{ storeId: string }> }) {
  const { storeId } = await params;
  const { user, ctx } = await requireUser();
  const store = await getStore(ctx, storeId).catch((error) => {
    if (error instanceof ApiError) notFound();
    throw error;
  });
  const names = await actorNames(ctx);
  // Viewers and compliance read only: the editor hides save, create, rename and delete.
  const canWrite = hasScope(user, "memory:write") && !store.archivedAt;
  return (
    <>
      <PageHeader
        title={store.name}
        description={
          <>
            <Link href="/stores">Stores</Link> / <span className="mono">{store.id}</span>
            {store.description ? <> · {store.description}</> : null}
          </>
        }
      />
      <StoreBrowser storeId={store.id} canWrite={canWrite} names={names} />
      <RetentionPanel storeId={store.id} canManage={hasScope(user, "stores:manage") && !store.archivedAt} />
    </>
  );
}
