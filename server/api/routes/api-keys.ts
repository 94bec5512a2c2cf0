import "server-only";
import { z } from "@hono/zod-openapi";
import { createApiKey } from "../../api-keys/create-api-key";
import { listApiKeys } from "../../api-keys/list-api-keys";
import { revokeApiKey } from "../../api-keys/revoke-api-key";
import { toWireApiKey } from "../../api-keys/serialize-api-key";
import { defineRoute } from "../define-route";
import { booleanQuery, limit, page, pageOf } from "../schemas";

const tag = "API keys";
const id = z.string().min(1).max(100);

const apiKeySchema = z
  .object({
    type: z.literal("api_key"),
    id: z.string(),
    name: z.string(),
    kind: z.enum(["admin", "agent"]),
    agent_id: z.string().nullable(),
    prefix: z.string(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi("ApiKey");
export type WireApiKey = z.infer<typeof apiKeySchema>;

export const apiKeyRoutes = [
  defineRoute({
    method: "post",
    path: "/api_keys",
    summary: "Create an API key; the secret is in `key`, shown this once",
    tag,
    body: z.strictObject({ name: z.string(), kind: z.enum(["admin", "agent"]), agent_id: id.nullish() }),
    response: apiKeySchema.extend({ key: z.string() }),
    handler: async ({ ctx, body }) => {
      const { key, secret } = await createApiKey(ctx, { name: body.name, kind: body.kind, agentId: body.agent_id });
      return { ...toWireApiKey(key), key: secret };
    },
  }),
  defineRoute({
    method: "get",
    path: "/api_keys",
    summary: "List API keys, newest first (never their secrets)",
    tag,
    query: z.object({ limit, page, agent_id: id.optional(), kind: z.enum(["admin", "agent"]).optional(), include_revoked: booleanQuery }),
    response: pageOf(apiKeySchema),
    handler: ({ ctx, query }) =>
      listApiKeys(ctx, { limit: query.limit, page: query.page, agentId: query.agent_id, kind: query.kind, includeRevoked: query.include_revoked ?? true }),
  }),
  defineRoute({
    method: "post",
    path: "/api_keys/{api_key_id}/revoke",
    summary: "Revoke an API key (effective on its next request)",
    tag,
    params: z.object({ api_key_id: id }),
    body: z.strictObject({}),
    bodyOptional: true,
    response: apiKeySchema,
    handler: async ({ ctx, params }) => toWireApiKey(await revokeApiKey(ctx, params.api_key_id)),
  }),
];
