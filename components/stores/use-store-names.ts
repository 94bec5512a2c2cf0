"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import type { Page } from "./types";

/** Names of the stores the user can read (archived too), keyed by id; ids stand in until they load. */
export function useStoreNames(): Record<string, string> {
  const stores = useQuery({
    queryKey: queryKeys.stores.names(),
    queryFn: ({ signal }) => apiFetch<Page<{ id: string; name: string }>>("/memory_stores", { query: { limit: 100, include_archived: true }, signal }),
    staleTime: 60_000,
  });
  return Object.fromEntries((stores.data?.data ?? []).map((store) => [store.id, store.name]));
}
