// How the console writes a moment: relative ("3 hours ago") for reading, absolute in the viewer's
// zone, labelled with the zone, for the tooltip. Pure: the zone is passed in.

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

export function relativeTime(date: Date, now: number): string {
  const diff = date.getTime() - now;
  const [unit, ms] = units.find(([, size]) => Math.abs(diff) >= size) ?? ["minute", 60_000];
  return new Intl.RelativeTimeFormat("en", { numeric: "auto" }).format(Math.round(diff / ms), unit);
}

/** "Dec 2, 2026, 09:41:07 (Asia/Tokyo)". */
export function absoluteTime(date: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "medium", hourCycle: "h23" }).format(date);
  return `${text} (${timeZone})`;
}

/** The viewer's zone in the browser; UTC on the server (the tooltip is corrected once hydrated). */
export const viewerZone = () => (typeof window === "undefined" ? "UTC" : Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
