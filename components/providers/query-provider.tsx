"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ApiRequestError } from "@/components/api/api-fetch";

/** A failed request is tried once more, unless the API answered it (a 404 or 403 will not change a second later). */
const retryOnce = (failures: number, error: Error) =>
  failures < 1 && !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429);

/** One QueryClient per browser tab; the console's pages fetch /api/v1 through it. */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: retryOnce, refetchOnWindowFocus: false } } }));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
