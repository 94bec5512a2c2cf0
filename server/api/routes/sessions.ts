import "server-only";
import { z } from "@hono/zod-openapi";
import { createSession } from "../../sessions/create-session";
import { endSession } from "../../sessions/end-session";
import { getSession } from "../../sessions/get-session";
import { listSessions } from "../../sessions/list-sessions";
import { defineRoute } from "../define-route";
import { booleanQuery, limit, page, pageOf, timestamp } from "../schemas";

const tag = "Sessions";
const id = z.string().min(1).max(100);
const sessionParams = z.object({ session_id: id });

const sessionResourceSchema = z
  .object({
    type: z.literal("memory_store"),
    memory_store_id: z.string(),
    access: z.enum(["read_only", "read_write"]),
    instructions: z.string().nullable(),
    mount_path: z.string(),
    name: z.string(),
    description: z.string(),
  })
  .openapi("SessionMemoryStoreResource");
export type WireSessionResource = z.infer<typeof sessionResourceSchema>;

export const sessionSchema = z
  .object({
    type: z.literal("session"),
    id: z.string(),
    agent_id: z.string(),
    title: z.string(),
    external_id: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    started_at: z.string(),
    ended_at: z.string().nullable(),
    read_count: z.number(),
    write_count: z.number(),
    memory_store_ids: z
      .array(z.string())
      .openapi({ description: "The stores the session read or wrote, in the order it first touched them; only stores the caller may read" }),
    resources: z.array(sessionResourceSchema),
  })
  .openapi("Session");
export type WireSession = z.infer<typeof sessionSchema>;

const resourceParam = z.strictObject({
  type: z.literal("memory_store"),
  memory_store_id: id,
  access: z.enum(["read_only", "read_write"]).nullish(),
  instructions: z.string().nullish(),
});

export const sessionRoutes = [
  defineRoute({
    method: "post",
    path: "/sessions",
    summary: "Start a session (an agent key starts one for its own agent)",
    tag,
    body: z.strictObject({
      agent_id: id.nullish(),
      title: z.string().max(255).nullish(),
      external_id: z.string().min(1).max(255).nullish(),
      metadata: z.record(z.string(), z.string()).nullish(),
      /** Memory stores to attach (Managed Agents `resources`); the session may touch only these, with at most this access. */
      resources: z.array(resourceParam).nullish(),
    }),
    bodyOptional: true,
    response: sessionSchema,
    handler: ({ ctx, body }) =>
      createSession(ctx, { agentId: body.agent_id, title: body.title, externalId: body.external_id, metadata: body.metadata, resources: body.resources }),
  }),
  defineRoute({
    method: "get",
    path: "/sessions",
    summary: "List sessions, newest first, with their read and write counts",
    tag,
    query: z.object({
      limit,
      page,
      agent_id: id.optional(),
      store_id: id.optional(),
      q: z.string().trim().min(1).max(200).optional(),
      wrote: booleanQuery,
      "created_at[gte]": timestamp.optional(),
      "created_at[lte]": timestamp.optional(),
    }),
    response: pageOf(sessionSchema),
    handler: ({ ctx, query }) =>
      listSessions(ctx, {
        limit: query.limit,
        page: query.page,
        agentId: query.agent_id,
        storeId: query.store_id,
        wrote: query.wrote,
        q: query.q,
        startedGte: query["created_at[gte]"],
        startedLte: query["created_at[lte]"],
      }),
  }),
  defineRoute({
    method: "get",
    path: "/sessions/{session_id}",
    summary: "Retrieve a session",
    tag,
    params: sessionParams,
    response: sessionSchema,
    handler: ({ ctx, params }) => getSession(ctx, params.session_id),
  }),
  defineRoute({
    method: "post",
    path: "/sessions/{session_id}/end",
    summary: "End a session",
    tag,
    params: sessionParams,
    body: z.strictObject({}),
    bodyOptional: true,
    response: sessionSchema,
    handler: ({ ctx, params }) => endSession(ctx, params.session_id),
  }),
];
