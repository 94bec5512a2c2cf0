import "server-only";
import { z } from "@hono/zod-openapi";
import { listAuditEvents } from "../../audit/list-audit-events";
import { verifyWorkspaceAuditChain } from "../../audit/verify-workspace-audit-chain";
import { auditFilterFrom, auditFilterQuery } from "../audit-filter";
import { defineRoute } from "../define-route";
import { limit, page, pageOf } from "../schemas";

const tag = "Audit";

const auditEventSchema = z
  .object({
    type: z.literal("audit_event"),
    id: z.string(),
    seq: z.number(),
    created_at: z.string(),
    actor: z.object({ type: z.string(), id: z.string() }),
    action: z.string(),
    store_id: z.string().nullable(),
    session_id: z.string().nullable(),
    target: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
    request_id: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    prev_hash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditEvent");
export type WireAuditEvent = z.infer<typeof auditEventSchema>;

const verificationSchema = z
  .object({
    type: z.literal("audit_verification"),
    ok: z.boolean(),
    events: z.number(),
    head_seq: z.number().optional(),
    head_hash: z.string().optional(),
    broken_at_seq: z.number().optional(),
    event_id: z.string().nullable().optional(),
    problem: z.string().optional(),
  })
  .openapi("AuditVerification");
export type WireAuditVerification = z.infer<typeof verificationSchema>;

export const auditEventRoutes = [
  defineRoute({
    method: "get",
    path: "/audit_events",
    summary: "List audit events, newest first by seq",
    tag,
    query: z.object({ limit, page, ...auditFilterQuery }),
    response: pageOf(auditEventSchema),
    handler: ({ ctx, query }) => listAuditEvents(ctx, { limit: query.limit, page: query.page, ...auditFilterFrom(query) }),
  }),
  defineRoute({
    method: "post",
    path: "/audit_events/verify",
    summary: "Verify the workspace's audit hash chain; reports the first broken event",
    tag,
    body: z.strictObject({}),
    bodyOptional: true,
    response: verificationSchema,
    handler: ({ ctx }) => verifyWorkspaceAuditChain(ctx),
  }),
];
