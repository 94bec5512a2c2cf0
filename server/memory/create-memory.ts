import "server-only";
import { assertNotArchived, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { config } from "../config";
import { runTransaction } from "../db/transaction";
import { ApiError } from "../http/api-error";
import { commitVersion, type Cause } from "./commit-version";
import { requireContent, requirePath } from "./memory-limits";
import { assertPathFree } from "./path-conflict";

export type CreateMemoryInput = { path: unknown; content: unknown; cause?: Cause };

export async function createMemory(ctx: RequestContext, storeId: string, input: CreateMemoryInput) {
  await authorizeStore(ctx, "memory:write", storeId);
  const path = requirePath(input.path);
  const content = requireContent(input.content ?? "");
  return runTransaction(
    async (t) => {
      const store = await t.tx.store.findUniqueOrThrow({ where: { id: storeId } });
      assertNotArchived(store);
      await assertPathFree(t.tx, storeId, path, null);
      const live = await t.tx.memory.count({ where: { storeId, livePath: { not: null } } });
      if (live >= config.maxMemoriesPerStore) {
        throw new ApiError("invalid_request_error", `Memory store ${storeId} already holds the maximum of ${config.maxMemoriesPerStore} memories.`);
      }
      return commitVersion(t, ctx, { storeId, memory: null, operation: "created", cause: input.cause ?? "write", content, path });
    },
    { lockWorkspace: ctx.principal.workspaceId },
  );
}
