import "server-only";
import { z } from "@hono/zod-openapi";
import { redactText } from "../../redaction/redact-text";
import { redactVersions } from "../../redaction/redact-versions";
import { searchHistory } from "../../redaction/search-history";
import { defineRoute } from "../define-route";

const tag = "Redaction";
const id = z.string().min(1).max(100);
const reason = z.string().trim().min(1, "reason is required").max(1000);

export const redactionRoutes = [
  defineRoute({
    method: "post",
    path: "/redaction/search",
    summary: "Find text in current files and every past version (excerpts are masked)",
    tag,
    body: z.strictObject({
      query: z.string().min(1).max(1000),
      regex: z.boolean().optional(),
      store_id: id.optional(),
      include_history: z.boolean().optional(),
      limit: z.number().int().min(1).max(100).default(20),
      page: z.string().max(2048).optional(),
    }),
    handler: ({ ctx, body }) =>
      searchHistory(ctx, {
        query: body.query,
        regex: body.regex,
        storeId: body.store_id,
        includeHistory: body.include_history,
        limit: body.limit,
        page: body.page,
      }),
  }),
  defineRoute({
    method: "post",
    path: "/redaction/redact",
    summary: "Redact whole versions, or matched text in every version (dry_run lists what would change)",
    tag,
    body: z.discriminatedUnion("mode", [
      z.strictObject({ mode: z.literal("version"), version_ids: z.array(id).min(1).max(1000), reason, dry_run: z.boolean().default(false) }),
      z.strictObject({
        mode: z.literal("text"),
        query: z.string().min(1).max(1000),
        regex: z.boolean().optional(),
        store_id: id.optional(),
        reason,
        dry_run: z.boolean().default(false),
      }),
    ]),
    handler: ({ ctx, body }) =>
      body.mode === "version"
        ? redactVersions(ctx, { versionIds: body.version_ids, reason: body.reason, dryRun: body.dry_run })
        : redactText(ctx, { query: body.query, regex: body.regex, storeId: body.store_id, reason: body.reason, dryRun: body.dry_run }),
  }),
];
