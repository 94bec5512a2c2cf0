import "server-only";
import { z } from "@hono/zod-openapi";
import { dismissFindings } from "../../findings/dismiss-findings";
import { listFindings } from "../../findings/list-findings";
import { redactFindings } from "../../findings/redact-findings";
import { getScanStatus } from "../../findings/scan-status";
import { defineRoute } from "../define-route";
import { actor, holdOverrideReason, limit, page, pageOf } from "../schemas";
import { redactionResultSchema, textRedactionPlanSchema } from "./redaction";

const tag = "Findings";
const id = z.string().min(1).max(100);
const reason = z.string().trim().min(1, "reason is required").max(1000);
const nullableString = z.string().nullable();

export const findingSchema = z
  .object({
    type: z.literal("finding"),
    id: z.string(),
    memory_store_id: z.string(),
    memory_id: z.string(),
    memory_version_id: z.string(),
    rule: z.string(),
    kind: z.enum(["secret", "personal"]),
    line: z.number().int(),
    column: z.number().int(),
    preview: z.string(),
    status: z.enum(["open", "redacted", "dismissed"]),
    reason: nullableString,
    resolved_by: actor.nullable(),
    resolved_at: nullableString,
    redaction_id: nullableString,
    created_at: z.string(),
  })
  .openapi("Finding");
export type WireFinding = z.infer<typeof findingSchema>;

const scanStatusSchema = z
  .object({
    type: z.literal("finding_scan_status"),
    versions_total: z.number().int(),
    versions_scanned: z.number().int(),
    caught_up: z.boolean(),
    updated_at: nullableString,
  })
  .openapi("FindingScanStatus");

const findingsRedactionSchema = z
  .union([
    textRedactionPlanSchema.extend({ mode: z.literal("findings"), finding_ids: z.array(z.string()) }),
    redactionResultSchema.extend({ mode: z.literal("findings"), finding_ids: z.array(z.string()) }),
  ])
  .openapi("FindingsRedaction");
export type WireFindingsRedaction = z.infer<typeof findingsRedactionSchema>;

const selection = { finding_ids: z.array(id).min(1).max(1000).optional(), rule: z.string().min(1).max(100).optional(), store_id: id.optional() };

export const findingRoutes = [
  defineRoute({
    method: "get",
    path: "/findings",
    summary: "Secrets and personal data found in versions, newest first (never the text itself)",
    tag,
    query: z.object({
      store_id: id.optional(),
      rule: z.string().min(1).max(100).optional(),
      status: z.enum(["open", "redacted", "dismissed"]).optional(),
      limit,
      page,
    }),
    response: pageOf(findingSchema),
    handler: ({ ctx, query }) => listFindings(ctx, { storeId: query.store_id, rule: query.rule, status: query.status, limit: query.limit, page: query.page }),
  }),
  defineRoute({
    method: "get",
    path: "/findings/scan_status",
    summary: "Progress of the background scan of every version",
    tag,
    response: scanStatusSchema,
    handler: ({ ctx }) => getScanStatus(ctx),
  }),
  defineRoute({
    method: "post",
    path: "/findings/redact",
    summary: "Redact the secrets of findings (by id, or every open finding of a rule) from every version; dry_run shows before/after lines",
    tag,
    body: z.strictObject({ ...selection, reason, dry_run: z.boolean().default(false), legal_hold_override_reason: holdOverrideReason }),
    response: findingsRedactionSchema,
    handler: ({ ctx, body }) =>
      redactFindings(ctx, {
        findingIds: body.finding_ids,
        rule: body.rule,
        storeId: body.store_id,
        reason: body.reason,
        dryRun: body.dry_run,
        holdOverrideReason: body.legal_hold_override_reason,
      }),
  }),
  defineRoute({
    method: "post",
    path: "/findings/dismiss",
    summary: "Dismiss findings (by id, or every open finding of a rule) with a reason",
    tag,
    body: z.strictObject({ ...selection, reason }),
    response: z.object({ type: z.literal("finding_dismissal"), findings: z.array(findingSchema) }).openapi("FindingDismissal"),
    handler: ({ ctx, body }) => dismissFindings(ctx, { findingIds: body.finding_ids, rule: body.rule, storeId: body.store_id, reason: body.reason }),
  }),
];
