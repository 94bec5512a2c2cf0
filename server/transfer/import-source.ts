import "server-only";
import type { WireActor } from "../api/schemas";
import { config } from "../config";
import { ApiError, badRequest } from "../http/api-error";
import { requireContent, requirePath } from "../memory/memory-limits";

/**
 * One line of an archive's `engram-history.ndjson`: a version as export-store.ts writes it (typed by
 * this), replayed by an import. A version field that should survive export and import goes here.
 */
export type ArchiveHistoryLine = {
  version_id: string;
  memory_id: string;
  operation: string;
  cause: string;
  path: string | null;
  previous_path: string | null;
  content: string | null;
  content_sha256: string | null;
  created_at: string;
  created_by: WireActor;
  agent_id: string | null;
  restored_from_version_id: string | null;
  redacted_at: string | null;
};

/** What an import reads of a line (unchecked JSON): older and hand-made archives may leave out all but the first five. */
export type HistoryLine = Pick<ArchiveHistoryLine, "version_id" | "memory_id" | "path" | "content"> & {
  operation: "created" | "modified" | "deleted";
} & Partial<Pick<ArchiveHistoryLine, "cause" | "created_at" | "redacted_at">> & { created_by?: unknown };

/** What an import creates a store from: an Engram archive, a plain archive, or a directory. */
export type ImportSource = {
  store?: { name?: string; description?: string; metadata?: Record<string, string>; id?: string };
  files: Map<string, string>;
  history?: HistoryLine[];
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeText(bytes: Buffer, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw badRequest(`${what}: not valid UTF-8 text`);
  }
}

/** Runs one of the API's input checks, naming the archive entry or history line in its refusal. */
function within<T>(where: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.type, `${where}: ${error.message}`);
    throw error;
  }
}

/** Adds one memory file through the same path and content rules as the API (NUL, size, path). */
export function addFile(source: ImportSource, relative: string, bytes: Buffer): void {
  const where = `archive entry ${JSON.stringify(relative)}`;
  const path = within(where, () => requirePath(`/${relative}`));
  const content = within(where, () => requireContent(decodeText(bytes, "content")));
  if (source.files.has(path)) throw badRequest(`${where} appears twice`);
  if (source.files.size >= config.maxImportFiles) throw new ApiError("request_too_large", `an import holds at most ${config.maxImportFiles} files`);
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
      const where = `engram-history.ndjson line ${i + 1}`;
      if (value.content !== null) within(where, () => requireContent(value.content));
      if (value.path !== null && value.path !== undefined) within(where, () => requirePath(value.path));
      return value;
    });
}
