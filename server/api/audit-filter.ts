import "server-only";
import { z } from "@hono/zod-openapi";
import { auditActions } from "../audit/audit-actions";
import { timestamp } from "./schemas";

const id = z.string().min(1).max(100);

/** The audit log's filters, shared by the list and the export so the two always agree. */
export const auditFilterQuery = {
  action: z.enum(auditActions).optional(),
  actor_id: id.optional(),
  store_id: id.optional(),
  session_id: id.optional(),
  "created_at[gte]": timestamp.optional(),
  "created_at[lte]": timestamp.optional(),
};

type AuditFilterQuery = z.infer<z.ZodObject<typeof auditFilterQuery>>;

export function auditFilterFrom(query: AuditFilterQuery) {
  return {
    action: query.action,
    actorId: query.actor_id,
    storeId: query.store_id,
    sessionId: query.session_id,
    createdGte: query["created_at[gte]"],
    createdLte: query["created_at[lte]"],
  };
}
