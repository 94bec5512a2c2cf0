"use client";
import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";
import type { Page } from "@/components/stores/types";
import { apiFetch } from "./api-fetch";

/** A cursor-paged API list, one page at a time: `rows` so far, and `list` for its state and `fetchNextPage`. */
export function usePagedList<T>(queryKey: QueryKey, path: string, query: Record<string, string | number | boolean | undefined | null> = {}, limit = 50) {
  const list = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => apiFetch<Page<T>>(path, { query: { ...query, limit, page: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_page ?? undefined,
  });
  return { list, rows: list.data?.pages.flatMap((page) => page.data) ?? [] };
}
