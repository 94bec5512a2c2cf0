import "server-only";
import { authorizeWriter, checkVisible, writeModeAt } from "../auth/authorize-write";
import type { RequestContext } from "../auth/principal";
import { recordProposals } from "../proposals/record-proposals";
import type { Memory } from "../db/generated/sqlite/client";
import { badRequest } from "../http/api-error";
import { requireContent, requirePath } from "./memory-limits";
import { commitChange } from "./write/commit-change";
import { checkPrecondition, type Cause, type Change } from "./write/plan-change";
import { pathFree, storeAndLiveMemory } from "./write/rule-steps";
import { runWrite } from "./write/run-write";

export type UpdateMemoryInput = {
  content?: unknown;
  path?: unknown;
  precondition?: { type: "content_sha256"; content_sha256?: string } | null;
  cause?: Cause;
};

/**
 * Changes content and/or path. A failed precondition is a 409 unless the memory already is
 * what the request asks for; a request that changes nothing writes no version. A key with
 * propose access at the memory's path (or its new one) records a proposal instead.
 */
export async function updateMemory(ctx: RequestContext, storeId: string, memoryId: string, input: UpdateMemoryInput) {
  const policy = await authorizeWriter(ctx, storeId);
  const content = input.content === undefined || input.content === null ? undefined : requireContent(input.content);
  const path = input.path === undefined || input.path === null ? undefined : requirePath(input.path);
  const expected = input.precondition ? input.precondition.content_sha256 : undefined;
  if (input.precondition && !expected) throw badRequest("precondition.content_sha256 is required");

  /** What to write against the current head: null when the memory already is what was asked. */
  const changeTo = (memory: Memory): Change | null => {
    const nextContent = content ?? memory.content;
    const nextPath = path ?? memory.path;
    if (nextContent === memory.content && nextPath === memory.path) return null;
    checkPrecondition(memoryId, expected, memory.contentSha256);
    const cause = input.cause ?? (nextContent === memory.content ? "rename" : "write");
    return { storeId, memory, operation: "modified", cause, content: nextContent, path: nextPath };
  };

  const result = await runWrite(ctx.principal.workspaceId, function* (w) {
    const { store, memory } = yield* storeAndLiveMemory(w, storeId, memoryId);
    checkVisible(policy, memory);
    const change = changeTo(memory);
    if (!change) return { memory, version: null };
    if (writeModeAt(policy, storeId, [memory.path, change.path]) === "propose") return { proposed: change };
    if (change.path !== memory.path) yield* pathFree(w, storeId, change.path, memory.id);
    return yield* commitChange(w, ctx, change, store);
  });
  if (!("proposed" in result)) return result;
  const proposed = result.proposed as Change & { memory: Memory };
  return recordProposals(ctx, [
    {
      storeId,
      memory: proposed.memory,
      operation: "modified",
      path: proposed.path,
      content: proposed.content,
      cause: input.cause === "mount" ? "mount" : "write",
    },
  ]);
}
