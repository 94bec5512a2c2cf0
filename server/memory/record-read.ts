import "server-only";
import { newId } from "@/lib/ids";
import { actorColumns, type RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import type { Memory, MemoryRead } from "../db/generated/sqlite/client";
import { partitionSuffix } from "../db/partition-suffix";
import { runStep } from "../db/run-step";
import { runSql } from "../db/sql-step";
import { insertSql, readColumns, valuesOf } from "./write/columns";

/**
 * Remembers that a session read a memory, so its timeline shows what it read before it wrote.
 * Only session-attributed reads are kept: they are the ones a timeline can place. Call it
 * outside any transaction. One prepared statement, not Prisma (an agent's every full read records
 * one): on SQLite group-committed with the writes of the moment, on PostgreSQL committing alone,
 * into the workspace's own partition (as the write path's statements, write-store.ts).
 */
export async function recordRead(ctx: RequestContext, memory: Pick<Memory, "id" | "storeId" | "headVersionId" | "path">): Promise<void> {
  if (ctx.principal.type !== "api_key" || !ctx.principal.sessionId) return;
  const { workspaceId } = ctx.principal;
  const actor = actorColumns(ctx.principal);
  const row: MemoryRead = {
    id: newId("read"),
    workspaceId,
    storeId: memory.storeId,
    memoryId: memory.id,
    versionId: memory.headVersionId,
    path: memory.path,
    actorType: actor.actorType,
    sessionId: actor.sessionId,
    apiKeyId: actor.apiKeyId,
    userId: actor.userId,
    createdAt: new Date(),
  };
  const { dialect } = await getDb();
  const table = `MemoryRead${await partitionSuffix(dialect, workspaceId)}`;
  await runStep(runSql(insertSql(table, readColumns), valuesOf(row, readColumns)));
}
