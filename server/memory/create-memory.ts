import "server-only";
import { authorizeWriter, writeModeAt } from "../auth/authorize-write";
import type { RequestContext } from "../auth/principal";
import { recordProposals } from "../proposals/record-proposals";
import { requireContent, requirePath } from "./memory-limits";
import { commitChange } from "./write/commit-change";
import type { Cause } from "./write/plan-change";
import { pathFree, roomForOneMore, writableStore } from "./write/rule-steps";
import { runWrite } from "./write/run-write";

export type CreateMemoryInput = { path: unknown; content: unknown; cause?: Cause };

/** Creates a memory; a key with propose access at the path records a proposal instead. */
export async function createMemory(ctx: RequestContext, storeId: string, input: CreateMemoryInput) {
  const policy = await authorizeWriter(ctx, storeId);
  const path = requirePath(input.path);
  const content = requireContent(input.content ?? "");
  if (writeModeAt(policy, storeId, [path]) === "propose") {
    return recordProposals(ctx, [{ storeId, memory: null, operation: "created", path, content, cause: input.cause === "mount" ? "mount" : "write" }]);
  }
  return runWrite(ctx.principal.workspaceId, function* (w) {
    const store = yield* writableStore(w, storeId);
    yield* pathFree(w, storeId, path, null);
    yield* roomForOneMore(w, storeId);
    return yield* commitChange(w, ctx, { storeId, memory: null, operation: "created", cause: input.cause ?? "write", content, path }, store);
  });
}
