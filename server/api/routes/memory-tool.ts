import "server-only";
import { z } from "@hono/zod-openapi";
import { runMemoryTool } from "../../memory-tool/run-memory-tool";
import { defineRoute } from "../define-route";
import { storeParams } from "../schemas";

const memoryToolResultSchema = z.object({ type: z.literal("memory_tool_result"), content: z.string(), is_error: z.boolean() }).openapi("MemoryToolResult");

export const memoryToolRoutes = [
  defineRoute({
    method: "post",
    path: "/memory_stores/{memory_store_id}/memory_tool",
    summary: "Run one command of the client-side memory tool (memory_20250818) against the store",
    tag: "Memory tool",
    params: storeParams,
    // The tool input exactly as the model emits it; malformed commands are tool errors, not 400s.
    body: z.looseObject({}).openapi({ description: "Memory tool input: {command, path, ...}" }),
    response: memoryToolResultSchema,
    handler: ({ ctx, params, body }) => runMemoryTool(ctx, params.memory_store_id, body),
  }),
];
