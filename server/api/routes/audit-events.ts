import "server-only";
import { z } from "@hono/zod-openapi";
import { auditActions } from "../../audit/audit-actions";
import { listAuditEvents } from "../../audit/list-audit-events";
import { verifyWorkspaceAuditChain } from "../../audit/verify-workspace-audit-chain";
import { defineRoute } from "../define-route";
import { limit, page, pageOf, timestamp } from "../schemas";

const tag = "Audit";
const id = z.string().min(1).max(100);

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

export const auditEventRoutes = [
  defineRoute({
    method: "get",
    path: "/audit_events",
    summary: "List audit events, newest first by seq",
    tag,
    query: z.object({
      limit,
      page,
      action: z.enum(auditActions).optional(),
      actor_id: id.optional(),
      store_id: id.optional(),
      session_id: id.optional(),
      "created_at[gte]": timestamp.optional(),
      "created_at[lte]": timestamp.optional(),
    }),
    response: pageOf(auditEventSchema),
    handler: ({ ctx, query }) =>
      listAuditEvents(ctx, {
        limit: query.limit,
        page: query.page,
        action: query.action,
        actorId: query.actor_id,
        storeId: query.store_id,
        sessionId: query.session_id,
        createdGte: query["created_at[gte]"],
        createdLte: query["created_at[lte]"],
      }),
  }),
  defineRoute({
    method: "post",
    path: "/audit_events/verify",
    summary: "Verify the workspace's audit hash chain; reports the first broken event",
    tag,
    body: z.strictObject({}),
    bodyOptional: true,
    response: z
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
      .openapi("AuditVerification"),
    handler: ({ ctx }) => verifyWorkspaceAuditChain(ctx),
  }),
];
