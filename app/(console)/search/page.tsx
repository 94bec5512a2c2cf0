import type { Metadata } from "next";
import { FileSearch } from "@/components/search/file-search";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/server/auth/require-user";

export const metadata: Metadata = { title: "Search" };

export default async function SearchPage() {
  await requireUser();
  return (
    <>
      <PageHeader title="Search" description="Words in the current files of every store you can read. History is searched from Compliance." />
      <FileSearch />
    </>
  );
}
