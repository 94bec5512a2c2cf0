import type { Metadata } from "next";
import { SessionTimeline } from "@/components/timeline/session-timeline";
import { hasScope } from "@/server/auth/permissions";
import { requireUser } from "@/server/auth/require-user";
import { actorNames } from "@/server/workspaces/actor-names";

export const metadata: Metadata = { title: "Session" };

export default async function SessionPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const { user, ctx } = await requireUser();
  const names = await actorNames(ctx);
  return <SessionTimeline sessionId={sessionId} names={names} canRollback={hasScope(user, "memory:write")} />;
}
