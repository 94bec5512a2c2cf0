import "server-only";
import { config } from "../config";
import { ApiError, badRequest } from "../http/api-error";
import { requireContent, requirePath } from "../memory/memory-limits";

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
