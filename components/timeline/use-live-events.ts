"use client";
import { useEffect, useState } from "react";

/**
 * Subscribes to /api/v1/events for one session while `enabled`; calls onEvent for each memory
 * event. EventSource reconnects by itself and resumes with Last-Event-ID.
 */
export function useLiveEvents(sessionId: string, enabled: boolean, onEvent: () => void) {
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(`/api/v1/events?session_id=${encodeURIComponent(sessionId)}`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("memory", () => onEvent());
    return () => {
      source.close();
      setConnected(false);
    };
  }, [sessionId, enabled, onEvent]);
  return connected;
}
