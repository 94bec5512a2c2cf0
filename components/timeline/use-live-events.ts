"use client";
import { useEffect, useRef, useState } from "react";

/** One memory event of /api/v1/events (server/events/wire-event.ts): ids and path, never content. */
export type LiveMemoryEvent = {
  type: "memory_event";
  seq: number;
  action: string;
  memory_store_id: string;
  session_id: string | null;
  memory_id: string;
  memory_version_id: string | null;
  path: string | null;
  created_at: string;
};

/**
 * Subscribes to /api/v1/events for one session or one store while `enabled`; calls onEvent for
 * each memory event. EventSource reconnects by itself and resumes with Last-Event-ID.
 */
export function useLiveEvents(filter: { sessionId: string } | { storeId: string }, enabled: boolean, onEvent: (event: LiveMemoryEvent) => void) {
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
    source.addEventListener("memory", (message) => handler.current(JSON.parse((message as MessageEvent<string>).data) as LiveMemoryEvent));
    return () => {
      source.close();
      setConnected(false);
    };
  }, [query, enabled]);
  return connected;
}
