import "server-only";
import { config } from "../config";
import { ApiError, badRequest } from "../http/api-error";
import { runWorker } from "../workers/run-worker";
import { workerSlots } from "../workers/slots";
import { HISTORY_FILE, STORE_FILE } from "./export-store";

export type RawEntry = { path: string; body: Buffer };

type WorkerAnswer = { ok: true; entries: { path: string; body: ArrayBuffer; size: number }[] } | { ok: false; kind: "invalid" | "too_large"; message: string };

/** Zero padding allowed after the end-of-archive marker: tar writers fill the last 10 KiB record, some use bigger ones. */
const MAX_TRAILING_BYTES = 64 * 1024;

const slots = workerSlots("untar", () => config.importWorkers);

/**
 * Unpacks an uploaded (gzipped) tar in a worker thread, so a hostile archive costs a core of the
 * sender's time and never the event loop. Hard limits: inflated bytes (ENGRAM_MAX_IMPORT_BYTES),
 * entries, one memory file's size, zero padding after the end-of-archive marker, and a deadline
 * (ENGRAM_IMPORT_TIMEOUT_MS) after which the worker is terminated. At most
 * ENGRAM_IMPORT_WORKERS archives are unpacked at once; the rest wait their turn.
 */
export async function untar(archive: Buffer): Promise<RawEntry[]> {
  return slots.run(() => unpack(archive));
}

async function unpack(archive: Buffer): Promise<RawEntry[]> {
  const answer = await runWorker<WorkerAnswer>(
    "server/transfer/untar-worker.cjs",
    {
      archive,
      maxInflated: config.maxImportBytes,
      maxEntries: config.maxImportFiles + 2,
      maxEntryBytes: config.maxContentBytes,
      largeEntries: [HISTORY_FILE, STORE_FILE],
      maxTrailing: MAX_TRAILING_BYTES,
    },
    {
      timeoutMs: config.importTimeoutMs,
      timedOut: () => new ApiError("request_too_large", `the archive took longer than ${config.importTimeoutMs} ms to unpack`),
      failed: (error) => badRequest(`the archive could not be unpacked${error ? ` (${error.message})` : ""}`),
      // Buffers live outside the heap; this bounds what the walker's own objects may take.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    },
  );
  if (!answer.ok) throw answer.kind === "too_large" ? new ApiError("request_too_large", answer.message) : badRequest(answer.message);
  return answer.entries.map((e) => ({ path: e.path, body: Buffer.from(e.body, 0, e.size) }));
}
