import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { prefilled } from "@/components/api/prefilled";
import { RetentionPanel } from "@/components/retention/retention-panel";
import { StoreBrowser } from "@/components/stores/store-browser";
import { PageHeader } from "@/components/ui/page-header";
import { hasScope } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { ApiError } from "@/server/http/api-error";
import { getStore } from "@/server/stores/get-store";
import { actorNames } from "@/server/workspaces/actor-names";
import { historyAnswers } from "./history-answers";

export const metadata: Metadata = { title: "Store" };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * A store: its file tree and the selected file. A file's History tab is server-rendered with its first
 * versions, the version shown and its changes (the browser paints it from the HTML, and its queries
 * start from the same answers); the tree and the other tabs load in the browser.
 */
export default async function StorePage({ params, searchParams }: { params: Promise<{ storeId: string }>; searchParams: Promise<SearchParams> }) {
  const [{ storeId }, query] = await Promise.all([params, searchParams]);
  const { user, ctx } = await requireUser();
  // As useSearchParams().get reads them: the first value of a repeated parameter.
  const get = (key: string) => [query[key]].flat()[0] ?? null;
  const file = get("file");
  const history = file && get("tab") === "history" && !get("at") && !get("session");
  const [store, names, answers] = await Promise.all([
    getStore(ctx, storeId).catch((error) => {
      if (error instanceof ApiError) notFound();
      throw error;
    }),
    actorNames(ctx),
    history ? historyAnswers(ctx, storeId, file, { version: get("version"), from: get("from"), to: get("to") }) : [],
  ]);
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
      <HydrationBoundary state={prefilled(answers)}>
        <StoreBrowser storeId={store.id} canWrite={canWrite} names={names} />
      </HydrationBoundary>
      <RetentionPanel storeId={store.id} canManage={hasScope(user, "stores:manage") && !store.archivedAt} />
    </>
  );
}
