import "server-only";
import { z } from "@hono/zod-openapi";
import { accessLevels } from "@/lib/path-grants";
import { listGrants } from "../../grants/list-grants";
import { listStoreGrants } from "../../grants/list-store-grants";
import { noGrant, toWireGrant } from "../../grants/serialize-grant";
import { setGrant } from "../../grants/set-grant";
import { defineRoute } from "../define-route";
import { limit, page, pageOf, storeParams } from "../schemas";
import { agentSchema } from "./agents";

const tag = "Grants";
/** Where a window of the matrix starts among the stores (or agents) by name. */
const offset = z.coerce.number().int().min(0).max(1_000_000).default(0);
const access = z.enum(accessLevels);
const pathRule = z.strictObject({ pattern: z.string().min(1).max(1024), access });

const grantSchema = z
  .object({
    type: z.literal("grant"),
    id: z.string().nullable(),
    memory_store_id: z.string(),
    agent_id: z.string().nullable(),
    access: access.nullable(),
    paths: z.array(pathRule).openapi({ description: "When not empty, the grant reaches only these paths; the most specific pattern wins" }),
    created_at: z.string().nullable(),
  })
  .openapi("Grant");
export type WireGrant = z.infer<typeof grantSchema>;

const grantMatrixSchema = z
  .object({
    type: z.literal("grant_matrix"),
    agents: z.array(agentSchema),
    agents_total: z.number().int().openapi({ description: "Agents whose name contains agent_q; `agents` is the window from agent_offset" }),
    agent_offset: z.number().int(),
    memory_stores: z.array(z.object({ id: z.string(), name: z.string(), archived_at: z.string().nullable() })),
    memory_stores_total: z.number().int().openapi({ description: "Stores whose name contains store_q; `memory_stores` is the window from store_offset" }),
    store_offset: z.number().int(),
    grants: z.array(grantSchema),
    effective: z.array(z.object({ agent_id: z.string(), memory_store_id: z.string(), access, scoped: z.boolean() })),
  })
  .openapi("GrantMatrix");
export type WireGrantMatrix = z.infer<typeof grantMatrixSchema>;

export const grantRoutes = [
  defineRoute({
    method: "get",
    path: "/memory_stores/{memory_store_id}/grants",
    summary: "List a memory store's grants (agent_id null: all agents)",
    tag,
    params: storeParams,
    query: z.object({ limit, page }),
    response: pageOf(grantSchema),
    handler: ({ ctx, params, query }) => listStoreGrants(ctx, params.memory_store_id, { limit: query.limit, page: query.page }),
  }),
  defineRoute({
    method: "post",
    path: "/memory_stores/{memory_store_id}/grants",
    summary: "Set (or, with access null, remove) an agent's or all agents' access to a memory store",
    tag,
    params: storeParams,
    body: z.strictObject({ agent_id: z.string().min(1).max(100).nullable(), access: access.nullable(), paths: z.array(pathRule).max(32).optional() }),
    response: grantSchema,
    handler: async ({ ctx, params, body }) => {
      const grant = await setGrant(ctx, { storeId: params.memory_store_id, agentId: body.agent_id, access: body.access, paths: body.paths });
      return grant ? toWireGrant(grant) : noGrant(params.memory_store_id, body.agent_id);
    },
  }),
  defineRoute({
    method: "get",
    path: "/grants",
    summary: "A window of the workspace's agents × memory stores access matrix: stores and agents by name, from an offset each",
    tag,
    query: z.object({
      store_q: z.string().max(200).optional(),
      agent_q: z.string().max(200).optional(),
      store_offset: offset,
      agent_offset: offset,
      store_limit: limit,
      agent_limit: limit,
    }),
    response: grantMatrixSchema,
    handler: ({ ctx, query }) =>
      listGrants(ctx, {
        storeQ: query.store_q,
        agentQ: query.agent_q,
        storeOffset: query.store_offset,
        agentOffset: query.agent_offset,
        storeLimit: query.store_limit,
        agentLimit: query.agent_limit,
      }),
  }),
];
