import "server-only";
import { z } from "@hono/zod-openapi";
import { getVersion } from "../../memory/get-version";
import { listVersions } from "../../memory/list-versions";
import { redactVersion } from "../../redaction/redact-version";
import { toWireVersion } from "../../memory/serialize";
import { defineRoute } from "../define-route";
import { cappedLimit, holdOverrideReason, limit, memoryVersionSchema, page, pageOf, storeParams, timestamp, versionParams, view } from "../schemas";

const tag = "Memory versions";

export const memoryVersionRoutes = [
  defineRoute({
    method: "get",
    path: "/memory_stores/{memory_store_id}/memory_versions",
    summary: "List memory versions, newest first",
    tag,
    params: storeParams,
    query: z.object({
      limit,
      page,
      view: view.default("basic"),
      memory_id: z.string().max(100).optional(),
      operation: z.enum(["created", "modified", "deleted"]).optional(),
      session_id: z.string().max(100).optional(),
      api_key_id: z.string().max(100).optional(),
      service_account_id: z.string().max(100).optional(),
      "created_at[gte]": timestamp.optional(),
      "created_at[lte]": timestamp.optional(),
      order: z.enum(["asc", "desc"]).optional(),
    }),
    response: pageOf(memoryVersionSchema),
    handler: ({ ctx, params, query }) =>
      listVersions(ctx, params.memory_store_id, {
        limit: cappedLimit(query.limit, query.view),
        page: query.page,
        view: query.view,
        memoryId: query.memory_id,
        operation: query.operation,
        sessionId: query.session_id,
        // Engram has no service accounts: such a filter matches nothing. (Not a NUL sentinel:
        // PostgreSQL refuses NUL in text parameters.)
        apiKeyId: query.service_account_id ? "service_account:none" : query.api_key_id,
        createdGte: query["created_at[gte]"],
        createdLte: query["created_at[lte]"],
        order: query.order,
      }),
  }),
  defineRoute({
    method: "get",
    path: "/memory_stores/{memory_store_id}/memory_versions/{memory_version_id}",
    summary: "Retrieve a memory version",
    tag,
    params: versionParams,
    query: z.object({ view: view.default("full") }),
    response: memoryVersionSchema,
    handler: ({ ctx, params, query }) => getVersion(ctx, params.memory_store_id, params.memory_version_id, query.view),
  }),
  defineRoute({
    method: "post",
    path: "/memory_stores/{memory_store_id}/memory_versions/{memory_version_id}/redact",
    summary: "Redact a memory version (clears content, hash, size and path)",
    tag,
    params: versionParams,
    body: z.strictObject({ reason: z.string().max(1000).optional(), legal_hold_override_reason: holdOverrideReason }),
    bodyOptional: true,
    response: memoryVersionSchema,
    handler: async ({ ctx, params, body }) =>
      toWireVersion(await redactVersion(ctx, params.memory_store_id, params.memory_version_id, body.reason ?? "", body.legal_hold_override_reason), "basic"),
  }),
];
