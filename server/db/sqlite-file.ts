import "server-only";
import path from "node:path";

/** The file behind a `file:` URL, resolved against the working directory like Prisma does. */
export function sqliteFilePath(url: string): string {
  const raw = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return path.isAbsolute(raw) ? raw : path.join(/* turbopackIgnore: true */ process.cwd(), raw);
}

/** Per-connection settings; WAL is persistent, the others are set on every open. */
export function sqlitePragmas(synchronous: string): string[] {
  return [
    "journal_mode = WAL",
    `synchronous = ${synchronous}`,
    "foreign_keys = ON",
    "busy_timeout = 10000",
    // Redacted content must not survive in free pages.
    "secure_delete = ON",
  ];
}
