import "server-only";
import { newId } from "@/lib/ids";
import { actorColumns, type RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import type { Memory } from "../db/generated/sqlite/client";

/**
 * Remembers that a session read a memory, so its timeline shows what it read before it wrote.
 * Only session-attributed reads are kept: they are the ones a timeline can place.
 */
export async function recordRead(ctx: RequestContext, memory: Pick<Memory, "id" | "storeId" | "headVersionId" | "path">): Promise<void> {
  if (ctx.principal.type !== "api_key" || !ctx.principal.sessionId) return;
  const { db } = await getDb();
  const actor = actorColumns(ctx.principal);
  await db.memoryRead.create({
    data: {
      id: newId("read"),
      workspaceId: ctx.principal.workspaceId,
      storeId: memory.storeId,
      memoryId: memory.id,
      versionId: memory.headVersionId,
      path: memory.path,
      actorType: actor.actorType,
      sessionId: actor.sessionId,
      apiKeyId: actor.apiKeyId,
      createdAt: new Date(),
    },
  });
}
