const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "3 hours ago", with the exact UTC time on hover. A server component: rendered once per request, never hydrated. */
export function RelativeTime({ value, now }: { value: Date | string; now?: number }) {
  now ??= Date.now();
  const date = typeof value === "string" ? new Date(value) : value;
  const diff = date.getTime() - now;
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  const [unit, ms] = units.find(([, size]) => Math.abs(diff) >= size) ?? ["minute", 60_000];
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {format.format(Math.round(diff / ms), unit)}
    </time>
  );
}
