import "server-only";
import { z } from "@hono/zod-openapi";
import { createCheckpoint } from "../../audit/checkpoint";
import { exportAuditEvents } from "../../audit/export-audit-events";
import { auditFilterFrom, auditFilterQuery } from "../audit-filter";
import { defineRoute } from "../define-route";

const tag = "Audit";

export const auditExportRoutes = [
  defineRoute({
    method: "get",
    path: "/audit_events/export",
    summary: "Export audit events (oldest first) as CSV or NDJSON, with the list's filters",
    tag,
    query: z.object({ format: z.enum(["csv", "ndjson"]).default("ndjson"), ...auditFilterQuery }),
    raw: true,
    handler: async ({ ctx, query }) => {
      const out = await exportAuditEvents(ctx, query.format, auditFilterFrom(query));
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
    response: z
      .object({
        type: z.literal("audit_checkpoint"),
        workspace_id: z.string(),
        seq: z.number().int(),
        head_hash: z.string(),
        created_at: z.string(),
        algorithm: z.literal("Ed25519"),
        signature: z.string(),
        public_key: z.string(),
        key_id: z.string(),
      })
      .openapi("AuditCheckpoint"),
    handler: ({ ctx }) => createCheckpoint(ctx),
  }),
];
