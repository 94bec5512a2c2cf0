import "server-only";
import { executeMemoryTool } from "@/lib/memory-tool/execute";
import { resolveToolPath } from "@/lib/memory-tool/paths";
import { assertNotArchived, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { runTransaction } from "../db/transaction";
import type { Memory } from "../db/generated/sqlite/client";
import { recordRead } from "../memory/record-read";
import { MemoryToolRejection, StoreMemoryToolFs } from "./store-fs";

export type MemoryToolResponse = { type: "memory_tool_result"; content: string; is_error: boolean };

const MUTATING = new Set(["create", "str_replace", "insert", "delete", "rename"]);

/**
 * Runs one memory-tool command against a store. The whole command (a directory delete or
 * rename included) is one transaction under the workspace lock, so it edits the current head
 * and commits all of its versions or none. Tool-level failures are results, not HTTP errors.
 */
export async function runMemoryTool(ctx: RequestContext, storeId: string, raw: unknown): Promise<MemoryToolResponse> {
  const command = typeof raw === "object" && raw !== null ? (raw as { command?: unknown }).command : undefined;
  const mutating = typeof command === "string" && MUTATING.has(command);
  await authorizeStore(ctx, mutating ? "memory:write" : "memory:read", storeId);

  let viewed: Memory | null = null;
  let result;
  try {
    result = await runTransaction(
      async (t) => {
        if (mutating) assertNotArchived(await t.tx.store.findUniqueOrThrow({ where: { id: storeId } }));
        const fs = new StoreMemoryToolFs(t, ctx, storeId);
        const outcome = await executeMemoryTool(raw, fs);
        if (command === "view" && !outcome.isError) viewed = viewedFile(raw, fs);
        return outcome;
      },
      mutating ? { lockWorkspace: ctx.principal.workspaceId } : {},
    );
  } catch (error) {
    if (error instanceof MemoryToolRejection) return { type: "memory_tool_result", content: `Error: ${error.message}`, is_error: true };
    throw error;
  }
  if (viewed) await recordRead(ctx, viewed);
  return { type: "memory_tool_result", content: result.content, is_error: result.isError };
}

// The file a successful view showed, if it showed a file rather than a directory.
function viewedFile(raw: unknown, fs: StoreMemoryToolFs): Memory | null {
  const target = resolveToolPath(String((raw as { path?: unknown }).path), true);
  if (!target.ok || target.target.kind === "root") return null;
  return fs.readFiles.get(target.target.storePath) ?? null;
}
