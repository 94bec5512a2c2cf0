import "server-only";
import { auditActions } from "../audit/audit-actions";
import { getDb } from "../db/client";
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
  const { db } = await getDb();
  const rows = await db.auditEvent.findMany({
    where: {
      workspaceId,
      seq: { gt: Math.max(afterSeq, 0), ...(upToSeq !== undefined ? { lte: upToSeq } : {}) },
      action: { in: memoryActions },
      ...(filter.storeId ? { storeId: filter.storeId } : {}),
      ...(filter.sessionId ? { sessionId: filter.sessionId } : {}),
    },
    orderBy: { seq: "asc" },
    take: PAGE,
  });
  const data = rows.map((row) => parseData(row.data));
  const versionIds = data.flatMap((d) => (d.memory_version_id ? [d.memory_version_id] : []));
  const redacted = new Set(
    versionIds.length === 0
      ? []
      : (await db.memoryVersion.findMany({ where: { workspaceId, id: { in: versionIds }, redactedAt: { not: null } }, select: { id: true } })).map((v) => v.id),
  );
  const events = rows.map((row, i): MemoryEvent => {
    const d = data[i];
    const hidden = d.memory_version_id !== undefined && redacted.has(d.memory_version_id);
    return {
      workspaceId,
      seq: row.seq,
      action: row.action,
      storeId: row.storeId,
      sessionId: row.sessionId,
      memoryId: row.targetType === "proposal" ? (d.memory_id ?? null) : row.targetId,
      versionId: d.memory_version_id ?? null,
      path: hidden ? null : (d.path ?? null),
      previousPath: hidden ? null : (d.previous_path ?? null),
      cause: d.cause ?? null,
      ...(row.targetType === "proposal" ? { proposalId: row.targetId } : {}),
      at: row.createdAt.toISOString(),
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
