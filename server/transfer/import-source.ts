import "server-only";
import { parseMemoryPath } from "@/lib/memory-path";
import { config } from "../config";
import { byteLength } from "../crypto";
import { ApiError, badRequest } from "../http/api-error";

export type HistoryLine = {
  version_id: string;
  memory_id: string;
  operation: "created" | "modified" | "deleted";
  cause?: string;
  path: string | null;
  content: string | null;
  created_at?: string;
  created_by?: unknown;
  redacted_at?: string | null;
};

/** What an import creates a store from: an Engram archive, a plain archive, or a directory. */
export type ImportSource = {
  store?: { name?: string; description?: string; metadata?: Record<string, string>; id?: string };
  files: Map<string, string>;
  history?: HistoryLine[];
};

export const importLimits = {
  totalBytes: Number(process.env.ENGRAM_MAX_IMPORT_BYTES ?? 64 * 1024 * 1024),
  entries: 20_000,
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeText(bytes: Buffer, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw badRequest(`${what}: not valid UTF-8 text`);
  }
}

/** Adds one memory file, checking the memory path rules and the content size limit. */
export function addFile(source: ImportSource, relative: string, bytes: Buffer): void {
  const path = `/${relative}`;
  const parsed = parseMemoryPath(path);
  if (!parsed.ok) throw badRequest(`archive entry ${JSON.stringify(relative)}: ${parsed.message}`);
  const content = decodeText(bytes, `archive entry ${relative}`);
  if (byteLength(content) > config.maxContentBytes)
    throw new ApiError("request_too_large", `archive entry ${relative} is larger than ${config.maxContentBytes} bytes`);
  if (source.files.has(path)) throw badRequest(`archive entry ${relative} appears twice`);
  if (source.files.size >= importLimits.entries) throw new ApiError("request_too_large", `an import holds at most ${importLimits.entries} files`);
  source.files.set(path, content);
}

export function parseHistory(text: string): HistoryLine[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      let value: HistoryLine;
      try {
        value = JSON.parse(line);
      } catch {
        throw badRequest(`engram-history.ndjson line ${i + 1}: not JSON`);
      }
      if (!value || typeof value.memory_id !== "string" || !["created", "modified", "deleted"].includes(value.operation)) {
        throw badRequest(`engram-history.ndjson line ${i + 1}: needs memory_id and operation created|modified|deleted`);
      }
      if (value.content !== null && typeof value.content !== "string")
        throw badRequest(`engram-history.ndjson line ${i + 1}: content must be a string or null`);
      return value;
    });
}
