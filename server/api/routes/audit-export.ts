import "server-only";
import { z } from "@hono/zod-openapi";
import { auditActions } from "../../audit/audit-actions";
import { createCheckpoint } from "../../audit/checkpoint";
import { exportAuditEvents } from "../../audit/export-audit-events";
import { defineRoute } from "../define-route";
import { timestamp } from "../schemas";

const tag = "Audit";
const id = z.string().min(1).max(100);

export const auditExportRoutes = [
  defineRoute({
    method: "get",
    path: "/audit_events/export",
    summary: "Export audit events (oldest first) as CSV or NDJSON, with the list's filters",
    tag,
    query: z.object({
      format: z.enum(["csv", "ndjson"]).default("ndjson"),
      action: z.enum(auditActions).optional(),
      actor_id: id.optional(),
      store_id: id.optional(),
      session_id: id.optional(),
      "created_at[gte]": timestamp.optional(),
      "created_at[lte]": timestamp.optional(),
    }),
    raw: true,
    handler: async ({ ctx, query }) => {
      const out = await exportAuditEvents(ctx, query.format, {
        action: query.action,
        actorId: query.actor_id,
        storeId: query.store_id,
        sessionId: query.session_id,
        createdGte: query["created_at[gte]"],
        createdLte: query["created_at[lte]"],
      });
      return new Response(out.stream, { headers: { "content-type": out.contentType, "content-disposition": `attachment; filename="${out.filename}"` } });
    },
  }),
  defineRoute({
    method: "post",
    path: "/audit_events/checkpoints",
    summary: "Sign the audit chain's head (Ed25519; verify offline with `npm run cli -- audit verify --checkpoint FILE`)",
    tag,
    body: z.strictObject({}),
    bodyOptional: true,
    status: 201,
    handler: ({ ctx }) => createCheckpoint(ctx),
  }),
];
