"use client";
import { useState, useSyncExternalStore } from "react";
import { absoluteTime, relativeTime, viewerZone } from "./time-format";

const noSubscription = () => () => {};

/**
 * The console's one way to show a moment: "3 hours ago" (or, with `absolute`, the date and time),
 * with the exact time in the viewer's zone, labelled with the zone, on hover. Rendered by the
 * server in UTC, then in the browser's zone once hydrated.
 */
export function RelativeTime({ value, now, absolute }: { value: Date | string; now?: number; absolute?: boolean }) {
  const zone = useSyncExternalStore(noSubscription, viewerZone, () => "UTC");
  // "ago" is measured from when the component first rendered, not re-measured on every render.
  const [rendered] = useState(() => now ?? Date.now());
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return <span className="muted">—</span>;
  const exact = absoluteTime(date, zone);
  return (
    <time dateTime={date.toISOString()} title={exact} suppressHydrationWarning>
      {absolute ? exact : relativeTime(date, rendered)}
    </time>
  );
}
