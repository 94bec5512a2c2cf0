import "server-only";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { memoryToolInputSchema, type MemoryToolCommand } from "@/lib/memory-tool/input";
import { MEMORY_ROOT, resolveToolPath } from "@/lib/memory-tool/paths";
import { badRequest } from "../http/api-error";
import { listVersions } from "../memory/list-versions";
import { runMemoryTool } from "../memory-tool/run-memory-tool";
import { searchMemories } from "../search/search-memories";
import { listStores } from "../stores/list-stores";
import { findMemoryByPath } from "./find-memory-by-path";
import { asToolResult, contextOf, storeFor, text } from "./mcp-context";

const storeArg = { memory_store_id: z.string().min(1).max(100).optional().describe("The store; may be left out when the key can read exactly one") };

const memoryTools: Record<MemoryToolCommand, string> = {
  view: "Show a directory listing or a file's lines (paths under /memories), as the memory tool does",
  create: "Create or overwrite a file under /memories",
  str_replace: "Replace one exact occurrence of old_str in a file",
  insert: "Insert text after line insert_line of a file (0: at the top)",
  delete: "Delete a file or directory",
  rename: "Rename or move a file or directory",
};

/** The memory tool's own input schema per command, without `command`: the REST memory-tool endpoint validates the same. */
function commandShape(command: MemoryToolCommand): z.ZodRawShape {
  const option = memoryToolInputSchema.options.find((o) => o.shape.command.value === command)!;
  const { command: _command, ...fields } = option.shape as z.ZodRawShape;
  return { ...storeArg, ...fields };
}

export function registerTools(server: McpServer): void {
  server.registerTool("list_memory_stores", { description: "The memory stores this key can read (id, name, description)", inputSchema: {} }, (_args, extra) =>
    asToolResult(async () => {
      const stores = await listStores(contextOf(extra), { limit: 100, includeArchived: false });
      return text(
        JSON.stringify(
          stores.data.map((s) => ({ id: s.id, name: s.name, description: s.description })),
          null,
          2,
        ),
      );
    }),
  );

  for (const command of Object.keys(memoryTools) as MemoryToolCommand[]) {
    server.registerTool(
      `memory_${command}`,
      { description: memoryTools[command], inputSchema: commandShape(command) },
      (args: Record<string, unknown>, extra) =>
        asToolResult(async () => {
          const ctx = contextOf(extra);
          const { memory_store_id, ...input } = args as { memory_store_id?: string } & Record<string, unknown>;
          const result = await runMemoryTool(ctx, await storeFor(ctx, memory_store_id), { command, ...input });
          return text(result.content, result.is_error);
        }),
    );
  }

  server.registerTool(
    "memory_search",
    {
      description: "Full-text search over the current files (words; a word's last letters may be left off). One line per file: path:line: text",
      inputSchema: { ...storeArg, query: z.string().min(1).max(500), limit: z.number().int().min(1).max(50).optional() },
    },
    (args, extra) =>
      asToolResult(async () => {
        const found = await searchMemories(contextOf(extra), { query: args.query, storeId: args.memory_store_id, limit: args.limit ?? 20 });
        if (found.data.length === 0) return text("No matches.");
        return text(found.data.map((hit) => `${MEMORY_ROOT}${hit.path}:${hit.line}: ${hit.snippet} (store ${hit.memory_store_id})`).join("\n"));
      }),
  );

  server.registerTool(
    "memory_history",
    { description: "The versions of one file, newest first, with who made each", inputSchema: { ...storeArg, path: z.string() } },
    (args, extra) =>
      asToolResult(async () => {
        const ctx = contextOf(extra);
        const storeId = await storeFor(ctx, args.memory_store_id);
        const target = resolveToolPath(args.path, false);
        if (!target.ok || target.target.kind === "root") throw badRequest(target.ok ? "path must name a file under /memories" : target.message);
        const memory = await findMemoryByPath(ctx, storeId, target.target.storePath, { recordRead: false });
        const versions = await listVersions(ctx, storeId, { memoryId: memory.id, limit: 100, view: "basic" });
        const rows = versions.data.map((v) => ({
          id: v.id,
          operation: v.operation,
          path: v.path,
          created_at: v.created_at,
          created_by: v.created_by,
          redacted: v.redacted_at !== null,
        }));
        return text(JSON.stringify({ memory_id: memory.id, versions: rows, more: versions.next_page !== null }, null, 2));
      }),
  );
}
