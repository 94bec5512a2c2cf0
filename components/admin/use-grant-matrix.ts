"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { useDebouncedValue } from "@/components/goto/use-debounced-value";
import type { ListWindow } from "@/components/ui/window-pager";
import type { WireGrantMatrix } from "@/server/api/routes/grants";

/** One side of the matrix (stores or agents): the text its names must contain, and where its window starts. */
function useSide(size: number) {
  const [text, setText] = useState("");
  const [start, setStart] = useState(0);
  return {
    text,
    // A new filter text starts at the first window.
    setText: (value: string) => {
      setText(value);
      setStart(0);
    },
    q: useDebouncedValue(text.trim(), 200),
    start,
    setStart,
    size,
  };
}
type Side = ReturnType<typeof useSide>;

function windowOf<T>(side: Side, shown: T[], total: number): ListWindow<T> {
  return {
    shown,
    total,
    start: side.start,
    previous: side.start > 0 ? () => side.setStart(Math.max(0, side.start - side.size)) : null,
    next: side.start + shown.length < total ? () => side.setStart(side.start + side.size) : null,
  };
}

/**
 * A window of the workspace's agents × stores matrix, `storeSize` stores by `agentSize` agents, each
 * side narrowed by name and paged by the server (GET /grants): the matrix grows as agents × stores,
 * so the console never asks for all of it. The last window stays shown while the next one loads.
 */
export function useGrantMatrix(storeSize: number, agentSize: number) {
  const stores = useSide(storeSize);
  const agents = useSide(agentSize);
  const query = {
    store_q: stores.q || undefined,
    agent_q: agents.q || undefined,
    store_offset: stores.start,
    agent_offset: agents.start,
    store_limit: storeSize,
    agent_limit: agentSize,
  };
  const matrix = useQuery({
    queryKey: queryKeys.admin.grants(query),
    queryFn: ({ signal }) => apiFetch<WireGrantMatrix>("/grants", { query, signal }),
    placeholderData: keepPreviousData,
  });
  const data = matrix.data;
  // A side that shrank under its window (a store deleted on the last page) shows its last window.
  const storesTotal = data?.memory_stores_total ?? 0;
  const agentsTotal = data?.agents_total ?? 0;
  useEffect(() => {
    for (const [side, total] of [
      [stores, storesTotal],
      [agents, agentsTotal],
    ] as const) {
      if (total > 0 && side.start >= total) side.setStart(Math.floor((total - 1) / side.size) * side.size);
    }
  }, [storesTotal, agentsTotal, stores, agents]);
  return {
    matrix,
    stores: { ...windowOf(stores, data?.memory_stores ?? [], storesTotal), text: stores.text, setText: stores.setText },
    agents: { ...windowOf(agents, data?.agents ?? [], agentsTotal), text: agents.text, setText: agents.setText },
  };
}
