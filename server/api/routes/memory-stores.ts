import "server-only";
import { z } from "@hono/zod-openapi";
import { getStore } from "../../stores/get-store";
import { archiveStore } from "../../stores/archive-store";
import { createStore } from "../../stores/create-store";
import { deleteStore } from "../../stores/delete-store";
import { listStores } from "../../stores/list-stores";
import { updateStore } from "../../stores/update-store";
import { toWireStore } from "../../memory/serialize";
import { getStoreRetention, setStoreRetention } from "../../retention/store-retention";
import { defineRoute } from "../define-route";
import { booleanQuery, deleted, limit, memoryStoreSchema, page, pageOf, storeParams, timestamp } from "../schemas";

const tag = "Memory stores";

/** Engram's extension: versions older than version_days are removed (null keeps all), never a head or a memory's newest keep_latest. */
const retentionBody = z.union([
  z.strictObject({ preset: z.enum(["managed_agents", "keep_everything"]) }),
  z.strictObject({ version_days: z.number().int().nullable(), keep_latest: z.number().int().nullish() }),
]);
const policy = z.object({ version_days: z.number().nullable(), keep_latest: z.number() });
const storeRetentionSchema = z
  .object({
    type: z.literal("memory_store_retention"),
    memory_store_id: z.string(),
    policy,
    presets: z.object({ managed_agents: policy, keep_everything: policy }),
    next_run: z.object({
      versions_removed: z.number(),
      memories_affected: z.number(),
      held: z.object({ store: z.boolean(), hold_ids: z.array(z.string()) }),
      versions: z.array(z.object({ id: z.string(), memory_id: z.string(), path: z.string().nullable(), created_at: z.string() })),
    }),
  })
  .openapi("MemoryStoreRetention");
export type WireStoreRetention = z.infer<typeof storeRetentionSchema>;

export const memoryStoreRoutes = [
  defineRoute({
    method: "post",
    path: "/memory_stores",
    summary: "Create a memory store",
    tag,
    body: z.strictObject({
      name: z.string(),
      description: z.string().nullish(),
      metadata: z.record(z.string(), z.string()).nullish(),
      retention: retentionBody.nullish(),
    }),
    response: memoryStoreSchema,
    handler: async ({ ctx, body }) => toWireStore(await createStore(ctx, body)),
  }),
  defineRoute({
    method: "get",
    path: "/memory_stores",
    summary: "List memory stores",
    tag,
    query: z.object({ limit, page, include_archived: booleanQuery, "created_at[gte]": timestamp.optional(), "created_at[lte]": timestamp.optional() }),
    response: pageOf(memoryStoreSchema),
    handler: ({ ctx, query }) =>
      listStores(ctx, {
        limit: query.limit,
        page: query.page,
        includeArchived: query.include_archived ?? false,
        createdGte: query["created_at[gte]"],
        createdLte: query["created_at[lte]"],
      }),
  }),
  defineRoute({
    method: "get",
    path: "/memory_stores/{memory_store_id}",
    summary: "Retrieve a memory store",
    tag,
    params: storeParams,
    response: memoryStoreSchema,
    handler: async ({ ctx, params }) => toWireStore(await getStore(ctx, params.memory_store_id)),
  }),
  defineRoute({
    method: "post",
    path: "/memory_stores/{memory_store_id}",
    summary: "Update a memory store",
    tag,
    params: storeParams,
    body: z.strictObject({
      name: z.string().nullish(),
      description: z.string().nullish(),
      metadata: z.record(z.string(), z.string().nullable()).nullish(),
      retention: retentionBody.nullish(),
    }),
    response: memoryStoreSchema,
    handler: async ({ ctx, params, body }) => toWireStore(await updateStore(ctx, params.memory_store_id, body)),
  }),
  defineRoute({
    method: "get",
    path: "/memory_stores/{memory_store_id}/retention",
    summary: "A store's retention policy and what the next run would remove",
    tag,
    params: storeParams,
    response: storeRetentionSchema,
    handler: ({ ctx, params }) => getStoreRetention(ctx, params.memory_store_id),
  }),
  defineRoute({
    method: "post",
    path: "/memory_stores/{memory_store_id}/retention",
    summary: "Set a store's retention policy ({version_days, keep_latest} or {preset})",
    tag,
    params: storeParams,
    body: retentionBody,
    response: storeRetentionSchema,
    handler: ({ ctx, params, body }) => setStoreRetention(ctx, params.memory_store_id, body),
  }),
  defineRoute({
    method: "delete",
    path: "/memory_stores/{memory_store_id}",
    summary: "Delete a memory store with its memories and versions",
    tag,
    params: storeParams,
    response: deleted("memory_store_deleted"),
    handler: ({ ctx, params }) => deleteStore(ctx, params.memory_store_id),
  }),
  defineRoute({
    method: "post",
    path: "/memory_stores/{memory_store_id}/archive",
    summary: "Archive a memory store (one-way; it becomes read-only)",
    tag,
    params: storeParams,
    response: memoryStoreSchema,
    handler: async ({ ctx, params }) => toWireStore(await archiveStore(ctx, params.memory_store_id)),
  }),
];
