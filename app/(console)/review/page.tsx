import type { Metadata } from "next";
import { ReviewQueue } from "@/components/proposals/review-queue";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage() {
  await requireUser();
  return (
    <>
      <PageHeader title="Review" description="Writes from agents with propose access wait here until a developer or admin approves or rejects them." />
      <ReviewQueue />
    </>
  );
}
