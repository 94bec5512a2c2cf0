"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import type { Session } from "@/components/stores/types";

/** GET /api/v1/sessions/{id}: one query the session page's sections share (the server page fills it first). */
export function useSession(sessionId: string) {
  return useQuery({
    queryKey: queryKeys.sessions.detail(sessionId),
    queryFn: ({ signal }) => apiFetch<Session>(`/sessions/${sessionId}`, { signal }),
  });
}
