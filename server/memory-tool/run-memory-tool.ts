import "server-only";
import { ApiError } from "../http/api-error";
import { executeMemoryTool } from "@/lib/memory-tool/execute";
import { MEMORY_ROOT, resolveToolPath } from "@/lib/memory-tool/paths";
import { authorizeStore } from "../auth/authorize";
import { authorizeWriter, readPolicy } from "../auth/authorize-write";
import type { RequestContext } from "../auth/principal";
import type { Memory } from "../db/generated/sqlite/client";
import { recordRead } from "../memory/record-read";
import { checkStore } from "../memory/write/plan-change";
import { runWriteTransaction } from "../memory/write/run-write";
import { recordProposals } from "../proposals/record-proposals";
import { MemoryToolRejection, StoreMemoryToolFs } from "./store-fs";

export type MemoryToolResponse = { type: "memory_tool_result"; content: string; is_error: boolean };

const MUTATING = new Set(["create", "str_replace", "insert", "delete", "rename"]);

/**
 * Runs one memory-tool command against a store. The whole command (a directory delete or
 * rename included) is one write transaction, so it edits the current head and commits all of its
 * versions or none. Tool-level failures are results, not HTTP errors.
 */
export async function runMemoryTool(ctx: RequestContext, storeId: string, raw: unknown): Promise<MemoryToolResponse> {
  const command = typeof raw === "object" && raw !== null ? (raw as { command?: unknown }).command : undefined;
  const mutating = typeof command === "string" && MUTATING.has(command);
  const policy = mutating ? await authorizeWriter(ctx, storeId) : (await authorizeStore(ctx, "memory:read", storeId), await readPolicy(ctx, storeId));

  let viewed: Memory | null = null;
  let proposed: StoreMemoryToolFs["proposed"] = [];
  let committed = 0;
  let result;
  try {
    result = await runWriteTransaction(
      ctx.principal.workspaceId,
      async (run) => {
        const state = await run((w) => w.s.storeState(storeId));
        const store = mutating ? checkStore(storeId, state) : state!;
        const fs = new StoreMemoryToolFs(run, ctx, store, policy);
        const outcome = await executeMemoryTool(raw, fs);
        if (command === "view" && !outcome.isError) viewed = viewedFile(raw, fs);
        ({ proposed, committed } = fs);
        return outcome;
      },
      { writes: mutating },
    );
  } catch (error) {
    if (error instanceof MemoryToolRejection) return { type: "memory_tool_result", content: `Error: ${error.message}`, is_error: true };
    // A legal hold refusing a delete is the model's to read, like any refused command.
    if (error instanceof ApiError && error.extra.legal_hold_ids) return { type: "memory_tool_result", content: `Error: ${error.message}`, is_error: true };
    throw error;
  }
  if (viewed) await recordRead(ctx, viewed);
  if (proposed.length > 0 && !result.isError) {
    const { proposals } = await recordProposals(ctx, proposed);
    return { type: "memory_tool_result", content: awaitingReview(proposals, committed > 0 ? result.content : null), is_error: false };
  }
  return { type: "memory_tool_result", content: result.content, is_error: result.isError };
}

/** Tells the model plainly that nothing changed yet (or what did), so it does not rely on the edit. */
function awaitingReview(proposals: { id: string; path: string | null }[], applied: string | null): string {
  const held = proposals.map((p) => `${MEMORY_ROOT}${p.path ?? ""} (proposal ${p.id})`).join(", ");
  const note = `This change was NOT applied: it awaits review by a person. Proposed: ${held}. Memory stays unchanged until a reviewer approves it; do not assume the new content is saved.`;
  return applied ? `${applied}\n${note} Only the other changes were applied.` : note;
}

// The file a successful view showed, if it showed a file rather than a directory.
function viewedFile(raw: unknown, fs: StoreMemoryToolFs): Memory | null {
  const target = resolveToolPath(String((raw as { path?: unknown }).path), true);
  if (!target.ok || target.target.kind === "root") return null;
  return fs.readFiles.get(target.target.storePath) ?? null;
}
