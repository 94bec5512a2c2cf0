"use client";
import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Page } from "@/components/stores/types";
import { apiFetch } from "./api-fetch";

type Query = Record<string, string | number | boolean | undefined | null>;
type PageOptions = {
  limit?: number;
  /** false: wait (e.g. for a query to be typed). */
  enabled?: boolean;
  refetchInterval?: number;
  /** A list read by POST (a search with a body): limit and page travel in the body. */
  body?: Record<string, unknown>;
};

/**
 * The console's one way to read a cursor-paged API list: `rows` so far, and `list` for its state
 * and `fetchNextPage` (more rows below the ones shown, never a page that replaces them). A lint
 * rule keeps raw useInfiniteQuery out of the console. A bare number as `options` is the page size.
 */
export function usePagedList<T>(queryKey: QueryKey, path: string, query: Query = {}, pageOptions: PageOptions | number = {}) {
  const options = typeof pageOptions === "number" ? { limit: pageOptions } : pageOptions;
  const limit = options.limit ?? 50;
  const list = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      options.body
        ? apiFetch<Page<T>>(path, { method: "POST", query, body: { ...options.body, limit, page: pageParam }, signal })
        : apiFetch<Page<T>>(path, { query: { ...query, limit, page: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_page ?? undefined,
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval,
  });
  // The same array until a page arrives, so lists derived from it are not rebuilt on every render.
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.data) ?? [], [list.data]);
  return { list, rows };
}
