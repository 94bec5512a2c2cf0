import "server-only";
import path from "node:path";
import { config, isPostgresUrl } from "./config";
import { sqliteFilePath } from "./db/sqlite-file";

/**
 * Where Engram keeps files beside its database (the checkpoint signing key, the dev AUTH_SECRET):
 * ENGRAM_DATA_DIR, else the SQLite file's directory, else (PostgreSQL) ./data.
 */
export function dataDir(): string {
  if (config.dataDir) return path.resolve(config.dataDir);
  const url = config.databaseUrl;
  return isPostgresUrl(url) ? path.join(process.cwd(), "data") : path.dirname(sqliteFilePath(url));
}
