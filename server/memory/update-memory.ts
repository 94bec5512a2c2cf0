import "server-only";
import { assertNotArchived, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import type { Memory } from "../db/generated/sqlite/client";
import { sqliteWrite } from "../db/sqlite-writer";
import { runTransaction } from "../db/transaction";
import { ApiError, badRequest } from "../http/api-error";
import { commitVersion, commitVersionSqlite, type Cause, type Change } from "./commit-version";
import { findLiveMemory } from "./find-live-memory";
import { requireContent, requirePath } from "./memory-limits";
import { assertPathFree, assertPathFreeSqlite } from "./path-conflict";
import { findLiveMemorySqlite, storeStateSqlite } from "./sqlite-rows";

export type UpdateMemoryInput = {
  content?: unknown;
  path?: unknown;
  precondition?: { type: "content_sha256"; content_sha256?: string } | null;
  cause?: Cause;
};

/**
 * Changes content and/or path. A failed precondition is a 409 unless the memory already is
 * what the request asks for; a request that changes nothing writes no version.
 */
export async function updateMemory(ctx: RequestContext, storeId: string, memoryId: string, input: UpdateMemoryInput) {
  const authorized = await authorizeStore(ctx, "memory:write", storeId);
  const content = input.content === undefined || input.content === null ? undefined : requireContent(input.content);
  const path = input.path === undefined || input.path === null ? undefined : requirePath(input.path);
  const expected = input.precondition ? input.precondition.content_sha256 : undefined;
  if (input.precondition && !expected) throw badRequest("precondition.content_sha256 is required");

  const preconditionFails = (memory: Memory) =>
    expected !== undefined && expected !== memory.contentSha256 && ((content ?? memory.content) !== memory.content || (path ?? memory.path) !== memory.path);
  const preconditionFailed = () => new ApiError("memory_precondition_failed_error", `The content_sha256 precondition failed: memory ${memoryId} has changed.`);
  /** What to write against the current head: null when the memory already is what was asked. */
  const changeTo = (memory: Memory): Change | null => {
    const nextContent = content ?? memory.content;
    const nextPath = path ?? memory.path;
    if (nextContent === memory.content && nextPath === memory.path) return null;
    if (preconditionFails(memory)) throw preconditionFailed();
    const cause = input.cause ?? (nextContent === memory.content ? "rename" : "write");
    return { storeId, memory, operation: "modified", cause, content: nextContent, path: nextPath };
  };

  const { db, sqlite } = await getDb();
  if (sqlite) {
    // One synchronous job, group-committed with the other writes of this moment.
    return sqliteWrite(sqlite, (connection, afterCommit) => {
      assertNotArchived(storeStateSqlite(connection, storeId));
      const memory = findLiveMemorySqlite(connection, storeId, memoryId);
      const change = changeTo(memory);
      if (!change) return { memory, version: null };
      if (change.path !== memory.path) assertPathFreeSqlite(connection, storeId, change.path, memory.id);
      return commitVersionSqlite(connection, ctx, change, afterCommit);
    });
  }

  // A stale precondition fails without queuing for the workspace lock: under contention most
  // attempts are stale, and each would otherwise hold the lock that every writer waits for.
  // Checked again inside the transaction, which decides.
  if (expected !== undefined && !authorized.archivedAt) {
    const memory = await findLiveMemory(db, storeId, memoryId);
    if (preconditionFails(memory)) throw preconditionFailed();
  }
  return runTransaction(
    async (t) => {
      assertNotArchived(await t.tx.store.findUniqueOrThrow({ where: { id: storeId } }));
      const memory = await findLiveMemory(t.tx, storeId, memoryId);
      const change = changeTo(memory);
      if (!change) return { memory, version: null };
      if (change.path !== memory.path) await assertPathFree(t.tx, storeId, change.path, memory.id);
      return commitVersion(t, ctx, change);
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
