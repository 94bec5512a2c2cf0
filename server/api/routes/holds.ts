import "server-only";
import { z } from "@hono/zod-openapi";
import { getHold } from "../../holds/get-hold";
import { liftHold } from "../../holds/lift-hold";
import { listHolds } from "../../holds/list-holds";
import { placeHold } from "../../holds/place-hold";
import { defineRoute } from "../define-route";
import { actor, limit, page, pageOf } from "../schemas";

const tag = "Legal holds";
const id = z.string().min(1).max(100);
const reason = z.string().trim().min(1, "reason is required").max(1000);

const holdSchema = z
  .object({
    type: z.literal("legal_hold"),
    id: z.string(),
    memory_store_id: z.string(),
    memory_id: z.string().nullable(),
    reason: z.string(),
    placed_by: actor,
    placed_at: z.string(),
    status: z.enum(["active", "lifted"]),
    lifted_at: z.string().nullable(),
    lifted_by: actor.nullable(),
    lift_reason: z.string().nullable(),
  })
  .openapi("LegalHold");
export type WireHold = z.infer<typeof holdSchema>;

export const holdRoutes = [
  defineRoute({
    method: "get",
    path: "/holds",
    summary: "Legal holds, newest first (filters: memory_store_id, memory_id, status)",
    tag,
    query: z.object({ memory_store_id: id.optional(), memory_id: id.optional(), status: z.enum(["active", "lifted"]).optional(), limit, page }),
    response: pageOf(holdSchema),
    handler: ({ ctx, query }) =>
      listHolds(ctx, { storeId: query.memory_store_id, memoryId: query.memory_id, status: query.status, limit: query.limit, page: query.page }),
  }),
  defineRoute({
    method: "post",
    path: "/holds",
    summary: "Place a legal hold on a store, or on one memory (blocks retention, deletion, and redaction without an override)",
    tag,
    body: z.strictObject({ memory_store_id: id, memory_id: id.nullish(), reason }),
    response: holdSchema,
    handler: ({ ctx, body }) => placeHold(ctx, { storeId: body.memory_store_id, memoryId: body.memory_id, reason: body.reason }),
  }),
  defineRoute({
    method: "get",
    path: "/holds/{hold_id}",
    summary: "Retrieve a legal hold",
    tag,
    params: z.object({ hold_id: id }),
    response: holdSchema,
    handler: ({ ctx, params }) => getHold(ctx, params.hold_id),
  }),
  defineRoute({
    method: "post",
    path: "/holds/{hold_id}/lift",
    summary: "Lift a legal hold (it stays on record as lifted)",
    tag,
    params: z.object({ hold_id: id }),
    body: z.strictObject({ reason }),
    response: holdSchema,
    handler: ({ ctx, params, body }) => liftHold(ctx, params.hold_id, { reason: body.reason }),
  }),
];
