import "server-only";
import { auditActions } from "../audit/audit-actions";
import { getDb, type Dialect } from "../db/client";
import { runStep } from "../db/run-step";
import { allRows, jsonList, rowDate, type Step } from "../db/sql-step";
import type { MemoryEvent } from "./event-bus";
import type { EventFilter } from "./event-filter";

const memoryActions = auditActions.filter((action) => action.startsWith("memory.") || action.startsWith("proposal."));
const PAGE = 500;

type AuditData = { memory_version_id?: string; path?: string; previous_path?: string; cause?: string; memory_id?: string; proposal_id?: string };

/**
 * Memory events after `afterSeq` (up to `upToSeq`), oldest first, rebuilt from the audit log, the
 * source of truth for seq. Only sealed events have a seq > 0, and seals commit in seq order
 * (audit/seal-audit-events.ts), so resuming after a seq never skips an event that commits later.
 * Paths of versions redacted since are withheld.
 */
export async function replayEvents(
  workspaceId: string,
  filter: EventFilter,
  afterSeq: number,
  upToSeq?: number,
): Promise<{ events: MemoryEvent[]; more: boolean }> {
  const { dialect } = await getDb();
  return runStep(replayStep(dialect, workspaceId, filter, afterSeq, upToSeq));
}

type Row = {
  seq: number | string;
  action: string;
  storeId: string | null;
  sessionId: string | null;
  targetType: string | null;
  targetId: string | null;
  data: string;
  createdAt: unknown;
};

// In raw SQL, not Prisma: on PostgreSQL every instance's relay runs this for every seal (pg-relay.ts),
// and Prisma's query compiler cost more than the reads.
export function* replayStep(
  dialect: Dialect,
  workspaceId: string,
  filter: EventFilter,
  afterSeq: number,
  upToSeq?: number,
): Step<{ events: MemoryEvent[]; more: boolean }> {
  const ids = jsonList(dialect);
  const conditions: [string, unknown][] = [
    [`"workspaceId" = ?`, workspaceId],
    [`"seq" > ?`, Math.max(afterSeq, 0)],
    [`"action" IN ${ids}`, JSON.stringify(memoryActions)],
  ];
  if (upToSeq !== undefined) conditions.push([`"seq" <= ?`, upToSeq]);
  if (filter.storeId) conditions.push([`"storeId" = ?`, filter.storeId]);
  if (filter.sessionId) conditions.push([`"sessionId" = ?`, filter.sessionId]);
  const where = conditions.map(([sql]) => sql);
  const params = conditions.map(([, value]) => value);
  const rows = yield* allRows<Row>(
    `SELECT "seq", "action", "storeId", "sessionId", "targetType", "targetId", "data", "createdAt" FROM "AuditEvent" WHERE ${where.join(" AND ")} ORDER BY "seq" LIMIT ?`,
    [...params, PAGE],
  );
  const data = rows.map((row) => parseData(row.data));
  const versionIds = data.flatMap((d) => (d.memory_version_id ? [d.memory_version_id] : []));
  const redacted = new Set(
    versionIds.length === 0
      ? []
      : (yield* allRows<{ id: string }>(`SELECT "id" FROM "MemoryVersion" WHERE "workspaceId" = ? AND "id" IN ${ids} AND "redactedAt" IS NOT NULL`, [
          workspaceId,
          JSON.stringify(versionIds),
        ])).map((v) => v.id),
  );
  const events = rows.map((row, i): MemoryEvent => {
    const d = data[i];
    const hidden = d.memory_version_id !== undefined && redacted.has(d.memory_version_id);
    return {
      workspaceId,
      seq: Number(row.seq),
      action: row.action,
      storeId: row.storeId,
      sessionId: row.sessionId,
      memoryId: row.targetType === "proposal" ? (d.memory_id ?? null) : row.targetId,
      versionId: d.memory_version_id ?? null,
      path: hidden ? null : (d.path ?? null),
      previousPath: hidden ? null : (d.previous_path ?? null),
      cause: d.cause ?? null,
      ...(row.targetType === "proposal" ? { proposalId: row.targetId } : {}),
      at: rowDate(row.createdAt).toISOString(),
    };
  });
  return { events, more: rows.length === PAGE };
}

// A corrupt data row (verification reports it) must not stop the stream.
function parseData(text: string): AuditData {
  try {
    return JSON.parse(text) as AuditData;
  } catch {
    return {};
  }
}
