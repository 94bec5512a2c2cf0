import "server-only";
import { authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import { ApiError } from "../http/api-error";
import { commitVersion, type Cause } from "./commit-version";
import { findLiveMemory } from "./find-live-memory";

/** Deletes a memory (its versions stay), optionally only if its content hash still matches. */
export async function deleteMemory(ctx: RequestContext, storeId: string, memoryId: string, expectedSha?: string, cause: Cause = "write") {
  await authorizeStore(ctx, "memory:write", storeId);
  await runTransaction(
    async (t) => {
      const memory = await findLiveMemory(t.tx, storeId, memoryId);
      if (expectedSha !== undefined && expectedSha !== memory.contentSha256) {
        throw new ApiError("memory_precondition_failed_error", `expected_content_sha256 does not match memory ${memoryId}; nothing was deleted.`);
      }
      await commitVersion(t, ctx, { storeId, memory, operation: "deleted", cause, content: "", path: memory.path });
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
  return { id: memoryId, type: "memory_deleted" as const };
}
