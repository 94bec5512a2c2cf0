import "server-only";
import { z } from "@hono/zod-openapi";
import { createMemory } from "../../memory/create-memory";
import { deleteMemory } from "../../memory/delete-memory";
import { getMemory } from "../../memory/get-memory";
import { listMemories } from "../../memory/list-memories";
import { toWireMemory } from "../../memory/serialize";
import { updateMemory } from "../../memory/update-memory";
import { Accepted } from "../../http/accepted";
import { isProposed, type Proposed } from "../../proposals/record-proposals";
import { toWireProposalReceipt } from "../../proposals/serialize-proposal";
import { defineRoute } from "../define-route";
import { proposalReceiptSchema } from "./proposals";
import { memoryListInputFrom, memoryListQuery } from "../memory-list-query";
import { deleted, memoryParams, memoryPrefixSchema, memorySchema, pageOf, storeParams, view } from "../schemas";

const tag = "Memories";
/** A write held for review answers 202 with the proposal instead of the memory. */
const held = (result: Proposed) => new Accepted(toWireProposalReceipt(result.proposals[0]));
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hexadecimal characters");

export const memoryRoutes = [
  defineRoute({
    method: "post",
    path: "/memory_stores/{memory_store_id}/memories",
    summary: "Create a memory",
    tag,
    params: storeParams,
    query: z.object({ view: view.default("basic") }),
    body: z.strictObject({ path: z.string(), content: z.string().nullable() }),
    response: memorySchema,
    accepted: proposalReceiptSchema,
    handler: async ({ ctx, params, query, body }) => {
      const result = await createMemory(ctx, params.memory_store_id, { path: body.path, content: body.content ?? "" });
      return isProposed(result) ? held(result) : toWireMemory(result.memory, query.view);
    },
  }),
  defineRoute({
    method: "get",
    path: "/memory_stores/{memory_store_id}/memories",
    summary: "List memories, optionally below a path prefix and rolled up by depth",
    tag,
    params: storeParams,
    query: z.object(memoryListQuery),
    response: pageOf(z.union([memorySchema, memoryPrefixSchema])),
    handler: ({ ctx, params, query }) => listMemories(ctx, params.memory_store_id, memoryListInputFrom(query)),
  }),
  defineRoute({
    method: "get",
    path: "/memory_stores/{memory_store_id}/memories/{memory_id}",
    summary: "Retrieve a memory",
    tag,
    params: memoryParams,
    query: z.object({ view: view.default("full") }),
    response: memorySchema,
    handler: async ({ ctx, params, query }) => {
      const memory = await getMemory(ctx, params.memory_store_id, params.memory_id, { recordRead: query.view === "full" });
      return toWireMemory(memory, query.view);
    },
  }),
  defineRoute({
    method: "post",
    path: "/memory_stores/{memory_store_id}/memories/{memory_id}",
    summary: "Update a memory's content and/or path",
    tag,
    params: memoryParams,
    query: z.object({ view: view.default("basic") }),
    body: z.strictObject({
      content: z.string().nullish(),
      path: z.string().nullish(),
      precondition: z.strictObject({ type: z.literal("content_sha256"), content_sha256: sha256 }).nullish(),
    }),
    response: memorySchema,
    accepted: proposalReceiptSchema,
    handler: async ({ ctx, params, query, body }) => {
      const result = await updateMemory(ctx, params.memory_store_id, params.memory_id, body);
      return isProposed(result) ? held(result) : toWireMemory(result.memory, query.view);
    },
  }),
  defineRoute({
    method: "delete",
    path: "/memory_stores/{memory_store_id}/memories/{memory_id}",
    summary: "Delete a memory (its versions remain)",
    tag,
    params: memoryParams,
    query: z.object({ expected_content_sha256: sha256.optional() }),
    response: deleted("memory_deleted"),
    accepted: proposalReceiptSchema,
    handler: async ({ ctx, params, query }) => {
      const result = await deleteMemory(ctx, params.memory_store_id, params.memory_id, query.expected_content_sha256);
      return isProposed(result) ? held(result) : result;
    },
  }),
];
