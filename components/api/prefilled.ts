import { dehydrate, QueryClient, type DehydratedState, type QueryKey } from "@tanstack/react-query";
import type { Page } from "@/components/stores/types";

/**
 * For a server page: answers it already holds (from the domain layer, in their wire shape), as the
 * state a HydrationBoundary hands to the browser's QueryClient, so the first paint needs no request.
 */
export function prefilled(entries: readonly (readonly [QueryKey, unknown])[]): DehydratedState {
  const client = new QueryClient();
  for (const [key, data] of entries) client.setQueryData(key, data);
  return dehydrate(client);
}

/** The first page of a usePagedList list, as its infinite query holds it. */
export const firstPage = <T>(page: Page<T>) => ({ pages: [page], pageParams: [undefined] });
