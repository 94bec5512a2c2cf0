import "server-only";
import { ID_PREFIXES } from "@/lib/ids";
import type { WebhookEnvelope, WebhookEventType } from "@/lib/webhooks/event-types";
import { sha256Hex } from "../crypto";
import type { Tx } from "../db/client";

export type SealedAuditEvent = {
  id: string;
  workspaceId: string;
  seq: number;
  createdAt: Date;
  action: string;
  storeId: string | null;
  sessionId: string | null;
  targetId: string | null;
  data: string;
};

export type WebhookEvent = { id: string; type: WebhookEventType; envelope: WebhookEnvelope };

type Ids = Record<string, string | null>;
type VersionIds = { id: string; storeId: string; memoryId: string; operation: string };

const sameName: Record<string, WebhookEventType> = {
  "store.created": "memory_store.created",
  "store.imported": "memory_store.created",
  "store.archived": "memory_store.archived",
  "store.deleted": "memory_store.deleted",
  "memory.created": "memory.created",
  "memory.modified": "memory.modified",
  "memory.deleted": "memory.deleted",
  "version.redacted": "memory_version.redacted",
  "session.created": "session.started",
  "session.ended": "session.ended",
  "finding.created": "finding.created",
  "finding.dismissed": "finding.dismissed",
  "proposal.created": "proposal.created",
  "proposal.approved": "proposal.approved",
  "proposal.rejected": "proposal.rejected",
};

const asString = (value: unknown) => (typeof value === "string" ? value : null);
const asStrings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/**
 * The webhook events one sealed audit event stands for (none for most workspace actions). The
 * audit log is written in the same transaction as every change, so it is the outbox: nothing a
 * change commits can be missed, and nothing that rolled back is sent. Only ids leave: never
 * content, paths or reasons. An event's id is derived from the audit event, so the dispatcher
 * running twice over it queues nothing twice.
 */
export async function eventsOfAudit(tx: Tx, audit: SealedAuditEvent): Promise<WebhookEvent[]> {
  const data = parse(audit.data);
  const make = (type: WebhookEventType, objectId: string | null, ids: Ids = {}): WebhookEvent[] => {
    if (!objectId) return [];
    const id = `${ID_PREFIXES.webhookEvent}${sha256Hex(`${audit.id}/${type}/${objectId}`).slice(0, 26)}`;
    return [
      {
        id,
        type,
        envelope: { id, created_at: audit.createdAt.toISOString(), type: "event", data: { id: objectId, workspace_id: audit.workspaceId, type, ...ids } },
      },
    ];
  };
  const memoryIds = (): Ids => ({
    memory_store_id: audit.storeId,
    memory_version_id: asString(data.memory_version_id),
    session_id: audit.sessionId,
  });

  if (audit.action === "memory.restored") {
    const operation = asString(data.operation) ?? (await versionsOf(tx, audit.workspaceId, [asString(data.memory_version_id)]))[0]?.operation ?? "modified";
    const type: WebhookEventType = operation === "created" ? "memory.created" : operation === "deleted" ? "memory.deleted" : "memory.modified";
    return make(type, audit.targetId, memoryIds());
  }
  if (audit.action === "redaction.text" || audit.action === "redaction.findings") {
    // Versions whose text or path the redaction rewrote.
    const versions = await versionsOf(tx, audit.workspaceId, [...new Set([...asStrings(data.version_ids), ...asStrings(data.path_version_ids)])]);
    const redactionId = asString(data.redaction_id);
    const redacted = versions.flatMap((v) =>
      make("memory_version.redacted", v.id, { memory_store_id: v.storeId, memory_id: v.memoryId, redaction_id: redactionId }),
    );
    const findings =
      audit.action === "redaction.findings" ? asStrings(data.finding_ids).flatMap((f) => make("finding.redacted", f, { redaction_id: redactionId })) : [];
    return [...redacted, ...findings];
  }
  const type = sameName[audit.action];
  if (!type) return [];
  if (type.startsWith("memory_store.")) return make(type, audit.storeId ?? audit.targetId);
  if (type.startsWith("memory.")) return make(type, audit.targetId, memoryIds());
  if (type === "memory_version.redacted") {
    return make(type, audit.targetId, { memory_store_id: audit.storeId, memory_id: asString(data.memory_id), redaction_id: asString(data.redaction_id) });
  }
  if (type.startsWith("session.")) return make(type, audit.sessionId ?? audit.targetId, { agent_id: asString(data.agent_id) });
  // Findings and proposals: the object, and where it points.
  return make(type, audit.targetId ?? asString(data.finding_id) ?? asString(data.proposal_id), {
    memory_store_id: audit.storeId,
    memory_id: asString(data.memory_id),
    memory_version_id: asString(data.memory_version_id),
  });
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function versionsOf(tx: Tx, workspaceId: string, ids: (string | null)[]): Promise<VersionIds[]> {
  const wanted = ids.filter((id): id is string => Boolean(id));
  if (wanted.length === 0) return [];
  return tx.memoryVersion.findMany({
    where: { workspaceId, id: { in: wanted } },
    select: { id: true, storeId: true, memoryId: true, operation: true },
    orderBy: { id: "asc" },
  });
}
