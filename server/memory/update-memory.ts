import "server-only";
import { assertNotArchived, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import type { Memory } from "../db/generated/sqlite/client";
import { runTransaction } from "../db/transaction";
import { ApiError, badRequest } from "../http/api-error";
import { commitVersion, type Cause } from "./commit-version";
import { findLiveMemory } from "./find-live-memory";
import { requireContent, requirePath } from "./memory-limits";
import { assertPathFree } from "./path-conflict";

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

  // A stale precondition fails without queuing for the workspace lock: under contention most
  // attempts are stale, and each would otherwise hold the lock that every writer waits for.
  // Checked again inside the transaction, which decides.
  if (expected !== undefined && !authorized.archivedAt) {
    const { db } = await getDb();
    if (preconditionFails(await findLiveMemory(db, storeId, memoryId))) throw preconditionFailed();
  }

  return runTransaction(
    async (t) => {
      const store = await t.tx.store.findUniqueOrThrow({ where: { id: storeId } });
      assertNotArchived(store);
      const memory = await findLiveMemory(t.tx, storeId, memoryId);
      const nextContent = content ?? memory.content;
      const nextPath = path ?? memory.path;
      const unchanged = nextContent === memory.content && nextPath === memory.path;
      if (unchanged) return { memory, version: null };
      if (preconditionFails(memory)) throw preconditionFailed();
      if (nextPath !== memory.path) await assertPathFree(t.tx, storeId, nextPath, memory.id);
      const cause = input.cause ?? (nextContent === memory.content ? "rename" : "write");
      return commitVersion(t, ctx, { storeId, memory, operation: "modified", cause, content: nextContent, path: nextPath });
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
