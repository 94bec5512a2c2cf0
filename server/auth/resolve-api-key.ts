import "server-only";
import { getDb } from "../db/client";
import { runStep } from "../db/run-step";
import { runSql } from "../db/sql-step";
import { processState } from "../process-state";
import { ApiError } from "../http/api-error";
import { hashApiKey } from "./api-key-secret";
import { authCache } from "./auth-cache";
import type { ApiKeyPrincipal } from "./principal";

const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_RECORDED_KEYS = 10_000;
// When this process last recorded each key's use: one write per key per minute, however many of
// its requests arrive at once (they all hold the same cached row).
const recordedUse = processState("api-key-recorded-use", () => new Map<string, number>());

// Agents send the same key (and session) on every request: reuse the lookups briefly.
const keysByHash = authCache<Awaited<ReturnType<typeof findKey>>>("keys-by-hash", ["ApiKey", "Agent", "Workspace"]);
const sessionAgents = authCache<{ agentId: string; endedAt: Date | null } | null>("session-agents", ["Session", "Agent", "Workspace"]);

async function findKey(hash: string) {
  const { db } = await getDb();
  return db.apiKey.findUnique({ where: { hash } });
}

/**
 * The principal for an API key secret, or 401. A session named by `x-engram-session-id` must
 * belong to the key's agent and still be open; its memory reads and writes are then attributed to it.
 */
export async function resolveApiKey(secret: string, sessionId: string | null): Promise<ApiKeyPrincipal> {
  const { db } = await getDb();
  const hash = hashApiKey(secret);
  const key = await keysByHash(hash, () => findKey(hash));
  if (!key || key.revokedAt) throw new ApiError("authentication_error", "invalid x-api-key");
  await recordUse(key);
  // Only an agent key names a session, and only one of its own agent's: an admin key's work is
  // always the key's (the header is ignored), and "not yours" answers exactly like "no such session".
  const attached = key.kind === "agent" ? sessionId : null;
  if (attached) {
    const session = await sessionAgents(`${key.workspaceId}/${attached}`, () =>
      db.session.findFirst({ where: { id: attached, workspaceId: key.workspaceId }, select: { agentId: true, endedAt: true } }),
    );
    if (!session || session.agentId !== key.agentId) {
      throw new ApiError("invalid_request_error", `x-engram-session-id: this key's agent has no session ${attached}.`);
    }
    if (session.endedAt) {
      throw new ApiError("conflict_error", `Session ${attached} ended at ${session.endedAt.toISOString()}; start a new session to attribute more work.`);
    }
  }
  return {
    type: "api_key",
    workspaceId: key.workspaceId,
    apiKeyId: key.id,
    keyKind: key.kind === "admin" ? "admin" : "agent",
    agentId: key.agentId,
    sessionId: attached,
  };
}

/**
 * Sets the key's lastUsedAt, coarsely: at most once a minute per key and process. Not through
 * Prisma: lastUsedAt decides nothing about access, so writing it must not drop the authorization
 * caches (auth-cache.ts counts Prisma's writes, here and, announced, on other instances).
 */
async function recordUse(key: { id: string; lastUsedAt: Date | null }): Promise<void> {
  const now = Date.now();
  const last = Math.max(recordedUse.get(key.id) ?? 0, key.lastUsedAt?.getTime() ?? 0);
  if (now - last <= LAST_USED_RESOLUTION_MS) return;
  if (recordedUse.size >= MAX_RECORDED_KEYS) recordedUse.clear();
  recordedUse.set(key.id, now);
  await runStep(runSql(`UPDATE "ApiKey" SET "lastUsedAt" = ? WHERE "id" = ?`, [new Date(now), key.id]));
}
