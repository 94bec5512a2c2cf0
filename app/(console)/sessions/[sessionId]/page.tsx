import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { firstPage, prefilled } from "@/components/api/prefilled";
import { queryKeys } from "@/components/api/query-keys";
import { CHANGES_PAGE } from "@/components/timeline/page-sizes";
import { SessionView } from "@/components/timeline/session-view";
import { hasScope } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { ApiError } from "@/server/http/api-error";
import { getSession } from "@/server/sessions/get-session";
import { listStores } from "@/server/stores/list-stores";
import { getSessionChanges } from "@/server/timeline/get-session-changes";
import { actorNames } from "@/server/workspaces/actor-names";

export const metadata: Metadata = { title: "Session" };

/**
 * A session, server-rendered with the first page of its net changes: the browser paints the top of
 * the page from the HTML instead of after its scripts and API calls (the browser's queries start from
 * the same answers). The timeline, below, loads its first page once the page is live.
 */
export default async function SessionPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const { user, ctx } = await requireUser();
  const [names, session, changes, stores] = await Promise.all([
    actorNames(ctx),
    getSession(ctx, sessionId),
    getSessionChanges(ctx, sessionId, { limit: CHANGES_PAGE }),
    // useStoreNames' query: store names, not ids, from the first paint.
    listStores(ctx, { limit: 100, includeArchived: true }),
  ]).catch(notFoundOnApiError);
  const state = prefilled([
    [queryKeys.sessions.detail(sessionId), session],
    [queryKeys.sessions.changes(sessionId), firstPage(changes)],
    [queryKeys.stores.names(), stores],
  ]);
  return (
    <HydrationBoundary state={state}>
      <SessionView sessionId={sessionId} names={names} canRollback={hasScope(user, "memory:write")} />
    </HydrationBoundary>
  );
}

function notFoundOnApiError(error: unknown): never {
  if (error instanceof ApiError && error.status === 404) notFound();
  throw error;
}
