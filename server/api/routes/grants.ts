import "server-only";
import { z } from "@hono/zod-openapi";
import { accessLevels } from "@/lib/path-grants";
import { listGrants } from "../../grants/list-grants";
import { listStoreGrants } from "../../grants/list-store-grants";
import { noGrant, toWireGrant } from "../../grants/serialize-grant";
import { setGrant } from "../../grants/set-grant";
import { defineRoute } from "../define-route";
import { pageOf, storeParams } from "../schemas";
import { agentSchema } from "./agents";

const tag = "Grants";
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
    memory_stores: z.array(z.object({ id: z.string(), name: z.string(), archived_at: z.string().nullable() })),
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
    response: pageOf(grantSchema),
    handler: ({ ctx, params }) => listStoreGrants(ctx, params.memory_store_id),
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
    summary: "The workspace's agents × memory stores access matrix",
    tag,
    response: grantMatrixSchema,
    handler: ({ ctx }) => listGrants(ctx),
  }),
];
