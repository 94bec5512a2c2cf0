import "server-only";
import { z } from "@hono/zod-openapi";
import { redactionCertificate } from "../../redaction/redaction-certificate";
import { redactText } from "../../redaction/redact-text";
import { redactVersions } from "../../redaction/redact-versions";
import { searchHistory } from "../../redaction/search-history";
import { defineRoute } from "../define-route";
import { actor, holdOverrideReason } from "../schemas";

const tag = "Redaction";
const id = z.string().min(1).max(100);
const reason = z.string().trim().min(1, "reason is required").max(1000);
const nullableString = z.string().nullable();
const operation = z.enum(["created", "modified", "deleted"]);
const scrub = z.enum(["done", "pending"]).openapi({ description: "pending: a reader kept the old bytes reachable; a background retry finishes the scrub" });

const proposalHitSchema = z.object({
  type: z.literal("redaction_search_proposal"),
  proposal_id: z.string(),
  store_id: z.string(),
  path: nullableString,
  status: z.enum(["pending", "approved", "rejected"]),
  match_count: z.number().int(),
  excerpt: z.string(),
});

const searchResultSchema = z.object({
  type: z.literal("redaction_search_result"),
  memory_id: z.string(),
  store_id: z.string(),
  version_id: z.string(),
  path: nullableString,
  operation,
  created_at: z.string(),
  created_by: actor,
  is_head: z.boolean(),
  match_count: z.number().int(),
  excerpt: z.string(),
});
export type WireRedactionSearchResult = z.infer<typeof searchResultSchema>;

const searchSchema = z
  .object({ data: z.array(searchResultSchema), next_page: nullableString, proposals: z.array(proposalHitSchema) })
  .openapi("RedactionSearch");

/** One version a text redaction changes (its path masked). */
const textItem = z.object({
  version_id: z.string(),
  memory_id: z.string(),
  store_id: z.string(),
  path: nullableString,
  operation,
  created_at: z.string(),
  is_head: z.boolean(),
  match_count: z.number().int(),
});
const versionRef = z.object({ memory_id: z.string(), store_id: z.string(), version_id: z.string() });

export const textRedactionPlanSchema = z.object({
  type: z.literal("redaction_plan"),
  dry_run: z.literal(true),
  mode: z.literal("text"),
  versions: z.array(textItem.extend({ lines: z.array(z.object({ line: z.number().int(), before: z.string(), after: z.string() })) })),
  live_heads: z.array(versionRef),
  match_count: z.number().int(),
  paths: z.array(z.object({ memory_id: z.string(), store_id: z.string(), before: z.string(), after: z.string() })),
  proposals: z.array(proposalHitSchema),
});

/** A text redaction carried out (POST /redaction/redact adds how the scrub of the database files went). */
export const redactionResultSchema = z.object({
  type: z.literal("redaction"),
  id: z.string(),
  dry_run: z.literal(false),
  mode: z.literal("text"),
  reason: z.string(),
  created_at: z.string(),
  digest: z.string(),
  versions: z.array(textItem),
  clean_versions: z.array(versionRef),
  proposals: z.array(z.object({ proposal_id: z.string(), store_id: nullableString, match_count: z.number().int() })),
});

const versionItem = textItem.omit({ match_count: true }).extend({ already_redacted: z.boolean() });

const redactSchema = z
  .union([
    z.object({ type: z.literal("redaction_plan"), dry_run: z.literal(true), mode: z.literal("version"), versions: z.array(versionItem) }),
    z.object({
      type: z.literal("redaction"),
      dry_run: z.literal(false),
      mode: z.literal("version"),
      reason: z.string(),
      versions: z.array(versionItem),
      scrub,
    }),
    textRedactionPlanSchema,
    redactionResultSchema.extend({ scrub }),
  ])
  .openapi("Redaction");
export type WireRedaction = z.infer<typeof redactSchema>;

export const redactionRoutes = [
  defineRoute({
    method: "get",
    path: "/redactions/{redaction_id}/certificate",
    summary: "A signed (Ed25519) statement of one redaction: what (keyed digest, versions), who, why, when, and its audit event",
    tag,
    params: z.object({ redaction_id: id }),
    raw: true,
    handler: async ({ ctx, params }) =>
      new Response(JSON.stringify(await redactionCertificate(ctx, params.redaction_id), null, 2), {
        headers: { "content-type": "application/json", "content-disposition": `attachment; filename="redaction-${params.redaction_id}.json"` },
      }),
  }),
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
    response: searchSchema,
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
      z.strictObject({
        mode: z.literal("version"),
        version_ids: z.array(id).min(1).max(1000),
        reason,
        dry_run: z.boolean().default(false),
        legal_hold_override_reason: holdOverrideReason,
      }),
      z.strictObject({
        mode: z.literal("text"),
        query: z.string().min(1).max(1000),
        regex: z.boolean().optional(),
        expand: z.enum(["token", "none"]).default("token"),
        store_id: id.optional(),
        reason,
        dry_run: z.boolean().default(false),
        legal_hold_override_reason: holdOverrideReason,
      }),
    ]),
    response: redactSchema,
    handler: ({ ctx, body }) =>
      body.mode === "version"
        ? redactVersions(ctx, { versionIds: body.version_ids, reason: body.reason, dryRun: body.dry_run, holdOverrideReason: body.legal_hold_override_reason })
        : redactText(ctx, {
            query: body.query,
            regex: body.regex,
            expand: body.expand,
            storeId: body.store_id,
            reason: body.reason,
            dryRun: body.dry_run,
            holdOverrideReason: body.legal_hold_override_reason,
          }),
  }),
];
