import "server-only";
import { authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { badRequest, notFound } from "../http/api-error";
import { redactedMessage } from "./find-memory-version";
import { commitChange } from "./write/commit-change";
import { checkMemory, checkPrecondition } from "./write/plan-change";
import { pathFree, roomForOneMore, writableStore } from "./write/rule-steps";
import { runWrite } from "./write/run-write";

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
  return runWrite(ctx.principal.workspaceId, function* (w) {
    const store = yield* writableStore(w, storeId);
    const memory = checkMemory(memoryId, yield* w.s.anyMemory(storeId, memoryId));
    const source = yield* w.s.version(storeId, input.versionId);
    if (!source) throw notFound(`Memory version ${input.versionId}`);
    if (source.memoryId !== memoryId) throw badRequest(`version_id: memory version ${input.versionId} is not a version of memory ${memoryId}.`);
    if (source.redactedAt) throw badRequest(redactedMessage(source.id));
    if (source.operation === "deleted" || source.content === null || source.path === null) {
      throw badRequest(`Memory version ${source.id} records a deletion; there is no content to restore. Pick an earlier version.`);
    }

    const live = memory.deletedAt === null;
    if (live && memory.content === source.content && memory.path === source.path) return { memory, version: null };
    checkPrecondition(memoryId, input.precondition?.content_sha256, live ? memory.contentSha256 : null);
    if (!live || source.path !== memory.path) yield* pathFree(w, storeId, source.path, memory.id);
    if (!live) yield* roomForOneMore(w, storeId);
    const operation = live ? "modified" : "created";
    return yield* commitChange(
      w,
      ctx,
      {
        storeId,
        memory,
        operation,
        cause: "restore",
        content: source.content,
        path: source.path,
        restoredFromId: source.id,
        audit: { action: "memory.restored", data: { restored_from_version_id: source.id, operation } },
      },
      store,
    );
  });
}
