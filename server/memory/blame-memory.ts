import "server-only";
import { blame } from "@/lib/blame";
import { authorizeStore } from "../auth/authorize";
import { checkVisible } from "../auth/authorize-write";
import { storePolicy } from "../auth/store-policy";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { findLiveMemory } from "./find-live-memory";
import { versionActor } from "./serialize";

/**
 * Each line of the memory's head with the version that last introduced it. A deleted or
 * redacted version counts as empty, so only the versions after the newest such one can own a
 * line: history is read from there, in one ordered query.
 */
export async function blameMemory(ctx: RequestContext, storeId: string, memoryId: string) {
  const store = await authorizeStore(ctx, "memory:read", storeId);
  const { workspaceId } = store;
  const { db } = await getDb();
  const memory = await findLiveMemory(db, store, memoryId);
  checkVisible(await storePolicy(ctx.principal, storeId), memory);
  const head = memory.headVersionId;
  const reset = await db.memoryVersion.findFirst({
    where: { workspaceId, storeId, memoryId, id: { lte: head }, content: null },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  const versions = await db.memoryVersion.findMany({
    where: { workspaceId, storeId, memoryId, id: { lte: head, ...(reset ? { gt: reset.id } : {}) } },
    orderBy: { id: "asc" },
    select: { id: true, content: true, createdAt: true, actorType: true, sessionId: true, apiKeyId: true, userId: true, agentId: true },
  });
  const byId = new Map(versions.map((version) => [version.id, version]));
  const lines = blame(versions).map((line, index) => {
    const version = byId.get(line.versionId)!;
    return {
      line_number: index + 1,
      text: line.line,
      version_id: version.id,
      created_at: version.createdAt.toISOString(),
      created_by: versionActor(version),
      session_id: version.sessionId,
      agent_id: version.agentId,
    };
  });
  return { type: "memory_blame" as const, memory_id: memory.id, memory_store_id: storeId, version_id: head, path: memory.path, lines };
}
