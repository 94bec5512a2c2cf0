import "server-only";
import { authorizeWriter, checkVisible, writeModeAt } from "../auth/authorize-write";
import type { RequestContext } from "../auth/principal";
import { recordProposals } from "../proposals/record-proposals";
import { ApiError } from "../http/api-error";
import { commitChange } from "./write/commit-change";
import type { Cause } from "./write/plan-change";
import { storeAndLiveMemory } from "./write/rule-steps";
import { runWrite } from "./write/run-write";

/**
 * Deletes a memory (its versions stay), optionally only if its content hash still matches. A key
 * with propose access at its path records a proposal instead.
 */
export async function deleteMemory(ctx: RequestContext, storeId: string, memoryId: string, expectedSha?: string, cause: Cause = "write") {
  const policy = await authorizeWriter(ctx, storeId);
  const proposed = await runWrite(ctx.principal.workspaceId, function* (w) {
    const { store, memory } = yield* storeAndLiveMemory(w, storeId, memoryId, { archivedOk: true });
    checkVisible(policy, memory);
    if (expectedSha !== undefined && expectedSha !== memory.contentSha256) {
      throw new ApiError("memory_precondition_failed_error", `expected_content_sha256 does not match memory ${memoryId}; nothing was deleted.`);
    }
    if (writeModeAt(policy, storeId, [memory.path]) === "propose") return memory;
    yield* commitChange(w, ctx, { storeId, memory, operation: "deleted", cause, content: "", path: memory.path }, store);
    return null;
  });
  if (proposed) {
    return recordProposals(ctx, [
      { storeId, memory: proposed, operation: "deleted", path: proposed.path, content: "", cause: cause === "mount" ? "mount" : "write" },
    ]);
  }
  return { id: memoryId, type: "memory_deleted" as const };
}
