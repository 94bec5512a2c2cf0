"use client";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import styles from "./pending-badge.module.css";

/** How many proposals wait for review, beside the Review entry of the navigation; nothing when none do. */
export function PendingBadge() {
  const count = useQuery({
    queryKey: queryKeys.proposals.pending(),
    queryFn: () => apiFetch<{ pending: number }>("/proposals/pending_count"),
    refetchInterval: 10_000,
  });
  const pending = count.data?.pending ?? 0;
  if (pending === 0) return null;
  return (
    <span className={styles.badge} data-testid="pending-proposals" aria-label={`${pending} pending`}>
      {pending}
    </span>
  );
}
