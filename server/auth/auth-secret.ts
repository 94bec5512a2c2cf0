import "server-only";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomToken } from "../crypto";

/**
 * AUTH_SECRET signs console sessions. Production must set it; elsewhere a random one is
 * created once under data/ so that `npm start` works on a fresh clone and sessions survive restarts.
 */
export function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(process.cwd(), "data", ".auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  if (process.env.NODE_ENV === "production" && process.env.ENGRAM_DEMO !== "1") {
    throw new Error("AUTH_SECRET must be set in production (or run the demo with ENGRAM_DEMO=1).");
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomToken(48);
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
