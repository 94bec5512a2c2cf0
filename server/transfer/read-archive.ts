import "server-only";
import { Parser, type ReadEntry } from "tar";
import { ApiError, badRequest } from "../http/api-error";
import { FILES_DIR, HISTORY_FILE, STORE_FILE } from "./export-store";
import { addFile, decodeText, importLimits, parseHistory, type ImportSource } from "./import-source";

type RawEntry = { path: string; body: Buffer };

/**
 * Reads a (gzipped) tar archive. Only regular files and directories are accepted: links,
 * devices, absolute paths and ".." are refused, and the uncompressed size is capped (gzip bombs).
 * An archive with engram-store.json is an Engram export (files under memories/); any other
 * archive is a plain tree of memory files.
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

function untar(archive: Buffer): Promise<RawEntry[]> {
  return new Promise((resolve, reject) => {
    const entries: RawEntry[] = [];
    let total = 0;
    let failed: Error | null = null;
    const parser = new Parser({ strict: true });
    const fail = (error: Error) => {
      if (!failed) failed = error;
      parser.abort(error);
    };
    parser.on("entry", (entry: ReadEntry) => {
      const name = entry.path.replace(/^\.\//, "");
      if (entry.type === "Directory") return entry.resume();
      if (entry.type !== "File" && entry.type !== "OldFile" && entry.type !== "ContiguousFile") {
        entry.resume();
        return fail(badRequest(`archive entry ${JSON.stringify(name)} is a ${entry.type}; only regular files are imported`));
      }
      if (name.startsWith("/") || name.split("/").some((s) => s === "..") || /^[A-Za-z]:/.test(name)) {
        entry.resume();
        return fail(badRequest(`archive entry ${JSON.stringify(name)}: absolute paths and ".." are not allowed`));
      }
      total += entry.size ?? 0;
      if (total > importLimits.totalBytes || entries.length >= importLimits.entries + 2) {
        entry.resume();
        return fail(new ApiError("request_too_large", `the archive expands to more than ${importLimits.totalBytes} bytes or ${importLimits.entries} files`));
      }
      const chunks: Buffer[] = [];
      entry.on("data", (chunk: Buffer) => chunks.push(chunk));
      entry.on("end", () => entries.push({ path: name, body: Buffer.concat(chunks) }));
    });
    parser.on("warn", (code: string, message: string | Error) => fail(badRequest(`not a valid tar archive (${code}: ${String(message)})`)));
    parser.on("error", (error: Error) => fail(error instanceof ApiError ? error : badRequest(`not a valid tar.gz archive (${error.message})`)));
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      if (failed) reject(failed);
      else resolve(entries);
    };
    // Which of these fires depends on how the archive ends (cleanly, aborted, or truncated).
    for (const event of ["close", "end", "finish", "abort"]) parser.on(event, () => setImmediate(settle));
    parser.end(archive);
  });
}
