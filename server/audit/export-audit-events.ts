import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import type { AuditEvent } from "../db/generated/sqlite/client";
import { runTransaction } from "../db/transaction";
import { auditRequest } from "./append-audit-event";
import { sealWorkspace } from "./seal-audit-events";
import { toWireAuditEvent, type ListAuditEventsInput } from "./list-audit-events";

export type AuditExportFormat = "csv" | "ndjson";
export type AuditExportFilters = Omit<ListAuditEventsInput, "limit" | "page">;

const BATCH = 1_000;
export const CSV_COLUMNS = [
  "id",
  "seq",
  "created_at",
  "actor_type",
  "actor_id",
  "action",
  "store_id",
  "session_id",
  "target_type",
  "target_id",
  "request_id",
  "data",
  "prev_hash",
  "hash",
] as const;

/** RFC 4180: quote a field holding a quote, comma or line break (or edge spaces), doubling inner quotes. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(event: AuditEvent): string {
  const w = toWireAuditEvent(event);
  const cells = [
    w.id,
    w.seq,
    w.created_at,
    w.actor.type,
    w.actor.id,
    w.action,
    w.store_id,
    w.session_id,
    w.target?.type ?? null,
    w.target?.id ?? null,
    w.request_id,
    event.data,
    w.prev_hash,
    w.hash,
  ];
  return `${cells.map(csvField).join(",")}\r\n`;
}

/**
 * Streams the workspace's audit events, oldest first, with the audit list's filters. The export
 * is recorded first (audit.exported) and covers the log up to and including that record.
 */
export async function exportAuditEvents(ctx: RequestContext, format: AuditExportFormat, filters: AuditExportFilters) {
  authorize(ctx, "audit:read");
  const workspaceId = ctx.principal.workspaceId;
  await sealWorkspace(workspaceId); // the export covers every event committed before it
  const recorded = await runTransaction(({ tx }) =>
    auditRequest(tx, ctx, {
      action: "audit.exported",
      data: {
        format,
        filters: {
          action: filters.action ?? null,
          actor_id: filters.actorId ?? null,
          store_id: filters.storeId ?? null,
          session_id: filters.sessionId ?? null,
          created_gte: filters.createdGte?.toISOString() ?? null,
          created_lte: filters.createdLte?.toISOString() ?? null,
        },
      },
    }),
  );
  const { db } = await getDb();
  const encoder = new TextEncoder();
  let after = 0;
  let headerSent = format !== "csv";
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(",")}\r\n`));
        return;
      }
      const rows = await db.auditEvent.findMany({
        where: {
          workspaceId,
          seq: { gt: after, lte: recorded.seq },
          ...(filters.action ? { action: filters.action } : {}),
          ...(filters.actorId ? { actorId: filters.actorId } : {}),
          ...(filters.storeId ? { storeId: filters.storeId } : {}),
          ...(filters.sessionId ? { sessionId: filters.sessionId } : {}),
          ...(filters.createdGte || filters.createdLte ? { createdAt: { gte: filters.createdGte, lte: filters.createdLte } } : {}),
        },
        orderBy: { seq: "asc" },
        take: BATCH,
      });
      if (rows.length === 0) return controller.close();
      after = rows[rows.length - 1].seq;
      const text = rows.map((row) => (format === "csv" ? csvRow(row) : `${JSON.stringify(toWireAuditEvent(row))}\n`)).join("");
      controller.enqueue(encoder.encode(text));
      if (rows.length < BATCH) controller.close();
    },
  });
  return {
    stream,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
    filename: `audit-${workspaceId}-${recorded.seq}.${format}`,
  };
}
