import "server-only";
import { config } from "../config";
import { getDb } from "../db/client";
import { sqliteFilePath } from "../db/sqlite-file";
import { badRequest } from "../http/api-error";
import { runWorker } from "../workers/run-worker";
import { workerSlots } from "../workers/slots";
import type { Match } from "./text-pattern";

export type RegexScanOptions = { storeIds: string[]; includeHistory: boolean; beforeId?: string; stopAfter?: number };
export type RegexHit = { id: string; matches: Match[] };

type Answer = { ok: true; hits: { id: string; spans: number[] }[] } | { ok: false; message: string };

const MAX_MATCHES_PER_TEXT = 10_000;
const slots = workerSlots("regex-scan", () => config.searchWorkers);

/**
 * Scans versions for an RE2 pattern on a worker thread with its own read-only connection: reading
 * tens of megabytes of history and matching them would otherwise hold the event loop for seconds
 * while other tenants wait. At most ENGRAM_SEARCH_WORKERS scans run at once (the rest queue, so
 * many searches cost their senders, not the server), and each is terminated after
 * ENGRAM_SEARCH_TIMEOUT_MS. Answers the matching version ids, newest first, with their spans.
 */
export async function scanRegexOffThread(source: string, options: RegexScanOptions): Promise<RegexHit[]> {
  if (options.storeIds.length === 0) return [];
  const { dialect, url } = await getDb();
  return slots.run(() => run({ dialect, target: dialect === "sqlite" ? sqliteFilePath(url) : url, source, ...options }));
}

async function run(data: Record<string, unknown>): Promise<RegexHit[]> {
  const answer = await runWorker<Answer>(
    "server/redaction/regex-scan-worker.cjs",
    { ...data, maxMatches: MAX_MATCHES_PER_TEXT, batch: 500 },
    {
      timeoutMs: config.searchTimeoutMs,
      timedOut: () => badRequest(`query: the search took longer than ${config.searchTimeoutMs} ms; narrow it to a store or to current files`),
      failed: (error) => new Error(`regex scan worker failed${error ? `: ${error.message}` : ""}`),
    },
  );
  if (!answer.ok) throw new Error(`regex scan failed: ${answer.message}`);
  return answer.hits.map((hit) => {
    const matches: Match[] = [];
    for (let i = 0; i < hit.spans.length; i += 2) matches.push({ start: hit.spans[i], end: hit.spans[i + 1] });
    return { id: hit.id, matches };
  });
}
