"use client";
import { useEffect, useRef, useState } from "react";
import type { WireMemoryEvent } from "@/server/api/schemas";

/**
 * Subscribes to /api/v1/events for one session or one store while `enabled`; calls onEvent for
 * each memory event. EventSource reconnects by itself and resumes with Last-Event-ID.
 */
export function useLiveEvents(filter: { sessionId: string } | { storeId: string }, enabled: boolean, onEvent: (event: WireMemoryEvent) => void) {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  }, [onEvent]);
  const query = "sessionId" in filter ? `session_id=${encodeURIComponent(filter.sessionId)}` : `store_id=${encodeURIComponent(filter.storeId)}`;
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(`/api/v1/events?${query}`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("memory", (message) => handler.current(JSON.parse((message as MessageEvent<string>).data) as WireMemoryEvent));
    return () => {
      source.close();
      setConnected(false);
    };
  }, [query, enabled]);
  return connected;
}
