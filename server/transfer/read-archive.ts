import "server-only";
import { ApiError, badRequest } from "../http/api-error";
import { FILES_DIR, HISTORY_FILE, STORE_FILE } from "./export-store";
import { addFile, decodeText, parseHistory, type ImportSource } from "./import-source";
import { untar } from "./untar";

/**
 * Reads a (gzipped) tar archive. Unpacking runs in a worker with hard limits (server/transfer/untar.ts):
 * only regular files and directories, no absolute paths or "..", capped inflated size, nothing but
 * padding after the end-of-archive marker. An archive with engram-store.json is an Engram export
 * (files under memories/); any other archive is a plain tree of memory files. Every file and
 * history line then passes the API's own path and content rules.
 */
export async function readArchive(archive: Buffer): Promise<ImportSource> {
  const raw = await untar(archive);
  const engram = raw.some((e) => e.path === STORE_FILE);
  const source: ImportSource = { files: new Map() };
  for (const entry of raw) {
    if (engram && entry.path === STORE_FILE) {
      try {
        source.store = (JSON.parse(decodeText(entry.body, STORE_FILE)) as { store?: ImportSource["store"] }).store ?? {};
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw badRequest(`${STORE_FILE}: not JSON`);
      }
    } else if (engram && entry.path === HISTORY_FILE) source.history = parseHistory(decodeText(entry.body, HISTORY_FILE));
    else if (engram) {
      if (!entry.path.startsWith(`${FILES_DIR}/`))
        throw badRequest(`archive entry ${JSON.stringify(entry.path)}: an Engram archive keeps memory files under ${FILES_DIR}/`);
      addFile(source, entry.path.slice(FILES_DIR.length + 1), entry.body);
    } else addFile(source, entry.path, entry.body);
  }
  return source;
}
