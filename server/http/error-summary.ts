import "server-only";

/**
 * What a log line may say about an error: its class, its code and where it was thrown. Never its
 * message: ORM and driver errors quote the query and its values (search text, memory content, paths).
 */
export function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return `non-error thrown (${typeof error})`;
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 10);
  return [`${error.constructor?.name ?? error.name}${typeof code === "string" || typeof code === "number" ? ` code=${code}` : ""}`, ...frames].join("\n");
}
