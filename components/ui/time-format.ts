// How the console writes a moment: relative ("3 hours ago") for reading, absolute in the viewer's
// zone, labelled with the zone, for the tooltip. Pure: the zone is passed in.

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

// Building an Intl formatter costs far more than formatting with one (a time zone's rules are
// loaded each time): a page of 2,000 times built 4,000 of them, on the server and again in the browser.
const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const absoluteFormats = new Map<string, Intl.DateTimeFormat>();

export function relativeTime(date: Date, now: number): string {
  const diff = date.getTime() - now;
  const [unit, ms] = units.find(([, size]) => Math.abs(diff) >= size) ?? ["minute", 60_000];
  return relative.format(Math.round(diff / ms), unit);
}

/** "Dec 2, 2026, 09:41:07 (Asia/Tokyo)". */
export function absoluteTime(date: Date, timeZone: string): string {
  let format = absoluteFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "medium", hourCycle: "h23" });
    absoluteFormats.set(timeZone, format);
  }
  return `${format.format(date)} (${timeZone})`;
}

/** The viewer's zone in the browser; UTC on the server (the tooltip is corrected once hydrated). */
export const viewerZone = () => (typeof window === "undefined" ? "UTC" : Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
