import "server-only";
import { authorizeWriter, checkVisible, writeModeAt } from "../auth/authorize-write";
import type { RequestContext } from "../auth/principal";
import { recordProposals } from "../proposals/record-proposals";
import { commitChange } from "./write/commit-change";
import { checkPrecondition, type Cause } from "./write/plan-change";
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
    checkPrecondition(memoryId, expectedSha, memory.contentSha256);
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
