import "server-only";
import { z } from "@hono/zod-openapi";
import { createAgent } from "../../agents/create-agent";
import { deleteAgent } from "../../agents/delete-agent";
import { getAgent } from "../../agents/get-agent";
import { listAgents } from "../../agents/list-agents";
import { toWireAgent } from "../../agents/serialize-agent";
import { defineRoute } from "../define-route";
import { deleted, limit, page, pageOf } from "../schemas";

const tag = "Agents";
const agentParams = z.object({ agent_id: z.string().min(1).max(100) });

export const agentSchema = z
  .object({ type: z.literal("agent"), id: z.string(), name: z.string(), description: z.string(), created_at: z.string() })
  .openapi("Agent");
export type WireAgent = z.infer<typeof agentSchema>;

export const agentRoutes = [
  defineRoute({
    method: "post",
    path: "/agents",
    summary: "Create an agent",
    tag,
    body: z.strictObject({ name: z.string(), description: z.string().max(1024).nullish() }),
    response: agentSchema,
    handler: async ({ ctx, body }) => toWireAgent(await createAgent(ctx, { name: body.name, description: body.description ?? undefined })),
  }),
  defineRoute({
    method: "get",
    path: "/agents",
    summary: "List agents, newest first",
    tag,
    query: z.object({ limit, page }),
    response: pageOf(agentSchema),
    handler: ({ ctx, query }) => listAgents(ctx, query),
  }),
  defineRoute({
    method: "get",
    path: "/agents/{agent_id}",
    summary: "Retrieve an agent",
    tag,
    params: agentParams,
    response: agentSchema,
    handler: ({ ctx, params }) => getAgent(ctx, params.agent_id),
  }),
  defineRoute({
    method: "delete",
    path: "/agents/{agent_id}",
    summary: "Delete an agent with its keys, grants and sessions",
    tag,
    params: agentParams,
    response: deleted("agent_deleted"),
    handler: ({ ctx, params }) => deleteAgent(ctx, params.agent_id),
  }),
];
