import "server-only";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { config } from "../config";
import { randomToken } from "../crypto";
import { dataDir } from "../data-dir";

/**
 * AUTH_SECRET signs console sessions. Production must set it; elsewhere a random one is
 * created once in the data directory (beside the SQLite file, or ENGRAM_DATA_DIR) so that `npm start` works on a fresh clone and sessions survive restarts.
 */
export function authSecret(): string {
  if (config.authSecret) return config.authSecret;
  const file = path.join(dataDir(), ".auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  if (config.production && !config.demo) {
    throw new Error("AUTH_SECRET must be set in production (or run the demo with ENGRAM_DEMO=1).");
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomToken(48);
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
