"use client";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import styles from "./relative-time.module.css";
import { absoluteTime, relativeTime, viewerZone } from "./time-format";
import { makeTimeFocusable } from "./time-stops";

const noSubscription = () => () => {};

/**
 * The console's one way to show a moment: "3 hours ago" (or, with `absolute`, the date and time),
 * with the exact time in the viewer's zone, labelled with the zone, on hover and on keyboard focus
 * (a time outside links and buttons is a tab stop; a list's times share one, see time-stops.ts).
 * Rendered by the server in UTC, then in the browser's zone once hydrated.
 */
export function RelativeTime({ value, now, absolute }: { value: Date | string; now?: number; absolute?: boolean }) {
  const zone = useSyncExternalStore(noSubscription, viewerZone, () => "UTC");
  // "ago" is measured from when the component first rendered, not re-measured on every render.
  const [rendered] = useState(() => now ?? Date.now());
  const ref = useRef<HTMLTimeElement>(null);
  useEffect(() => (ref.current ? makeTimeFocusable(ref.current) : undefined), []);
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return <span className="muted">—</span>;
  const exact = absoluteTime(date, zone);
  return (
    <time ref={ref} className={styles.time} dateTime={date.toISOString()} title={exact} suppressHydrationWarning>
      {absolute ? exact : relativeTime(date, rendered)}
    </time>
  );
}
