import "server-only";
import { assertNotArchived, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { config } from "../config";
import { runTransaction } from "../db/transaction";
import { ApiError, badRequest } from "../http/api-error";
import { commitVersion } from "./commit-version";
import { findMemoryVersion, redactedMessage } from "./find-memory-version";
import { findStoreMemory } from "./find-store-memory";
import { assertPathFree } from "./path-conflict";

export type RestoreMemoryInput = {
  versionId: string;
  precondition?: { type: "content_sha256"; content_sha256: string } | null;
};

/**
 * Brings a memory back to one of its versions (content and path) by writing a new version with
 * cause "restore". A deleted memory comes back to life at the version's path if it is free.
 * When the memory already is that version, nothing is written.
 */
export async function restoreMemory(ctx: RequestContext, storeId: string, memoryId: string, input: RestoreMemoryInput) {
  await authorizeStore(ctx, "memory:write", storeId);
  return runTransaction(
    async (t) => {
      const store = await t.tx.store.findUniqueOrThrow({ where: { id: storeId } });
      assertNotArchived(store);
      const memory = await findStoreMemory(t.tx, storeId, memoryId);
      const source = await findMemoryVersion(t.tx, storeId, memoryId, input.versionId);
      if (source.redactedAt) throw badRequest(redactedMessage(source.id));
      if (source.operation === "deleted" || source.content === null || source.path === null) {
        throw badRequest(`Memory version ${source.id} records a deletion; there is no content to restore. Pick an earlier version.`);
      }

      const live = memory.deletedAt === null;
      if (live && memory.content === source.content && memory.path === source.path) return { memory, version: null };
      const expected = input.precondition?.content_sha256;
      if (expected !== undefined && expected !== (live ? memory.contentSha256 : null)) {
        throw new ApiError("memory_precondition_failed_error", `The content_sha256 precondition failed: memory ${memoryId} has changed.`);
      }
      if (!live || source.path !== memory.path) await assertPathFree(t.tx, storeId, source.path, memory.id);
      if (!live) {
        const count = await t.tx.memory.count({ where: { storeId, livePath: { not: null } } });
        if (count >= config.maxMemoriesPerStore) {
          throw badRequest(`Memory store ${storeId} already holds the maximum of ${config.maxMemoriesPerStore} memories.`);
        }
      }
      return commitVersion(t, ctx, {
        storeId,
        memory,
        operation: live ? "modified" : "created",
        cause: "restore",
        content: source.content,
        path: source.path,
        restoredFromId: source.id,
        audit: { action: "memory.restored", data: { restored_from_version_id: source.id, operation: live ? "modified" : "created" } },
      });
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
