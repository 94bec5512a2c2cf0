import "server-only";
import { newId } from "@/lib/ids";
import { actorColumns, type RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import type { Memory } from "../db/generated/sqlite/client";
import { prepared, sqliteDate } from "../db/sqlite-statements";
import { sqliteWrite } from "../db/sqlite-writer";

/**
 * Remembers that a session read a memory, so its timeline shows what it read before it wrote.
 * Only session-attributed reads are kept: they are the ones a timeline can place. Call it
 * outside any transaction; on SQLite the row is group-committed with the writes of the moment.
 */
export async function recordRead(ctx: RequestContext, memory: Pick<Memory, "id" | "storeId" | "headVersionId" | "path">): Promise<void> {
  if (ctx.principal.type !== "api_key" || !ctx.principal.sessionId) return;
  const actor = actorColumns(ctx.principal);
  const row = {
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
  };
  const { db, sqlite } = await getDb();
  if (!sqlite) {
    await db.memoryRead.create({ data: row });
    return;
  }
  await sqliteWrite(sqlite, (connection) =>
    prepared(
      connection,
      `INSERT INTO "MemoryRead" ("id", "workspaceId", "storeId", "memoryId", "versionId", "path", "actorType", "sessionId", "apiKeyId", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(row.id, row.workspaceId, row.storeId, row.memoryId, row.versionId, row.path, row.actorType, row.sessionId, row.apiKeyId, sqliteDate(row.createdAt)),
  );
}
