import type { Metadata } from "next";
import { SessionList } from "@/components/sessions/session-list";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/server/auth/require-user";
import { actorNames } from "@/server/workspaces/actor-names";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage() {
  const { ctx } = await requireUser();
  const names = await actorNames(ctx);
  return (
    <>
      <PageHeader title="Sessions" description="Agent runs, newest first, with what each read and wrote." />
      <SessionList agents={names.agents} />
    </>
  );
}
