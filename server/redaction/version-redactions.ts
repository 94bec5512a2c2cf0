import "server-only";
import type { WireActor, WireVersionRedaction } from "../api/schemas";
import type { Tx } from "../db/client";

/** Who redacted a version (text, finding or whole), when, why, and by which redaction: what history shows beside the marker. */
export type VersionRedactionInfo = WireVersionRedaction;

function wireActor(actorType: string, actorId: string): WireActor {
  if (actorType === "user") return { type: "user_actor", user_id: actorId };
  if (actorType === "session") return { type: "session_actor", session_id: actorId };
  return { type: "api_actor", api_key_id: actorId };
}

/** The latest redaction of each of these versions (two queries, whatever the page size). */
export async function versionRedactions(db: Tx, versionIds: string[]): Promise<Map<string, VersionRedactionInfo>> {
  const out = new Map<string, VersionRedactionInfo>();
  if (versionIds.length === 0) return out;
  const links = await db.versionRedaction.findMany({ where: { versionId: { in: versionIds } }, orderBy: { createdAt: "asc" } });
  if (links.length === 0) return out;
  const redactions = await db.redaction.findMany({ where: { id: { in: [...new Set(links.map((l) => l.redactionId))] } } });
  const byId = new Map(redactions.map((r) => [r.id, r]));
  for (const link of links) {
    const r = byId.get(link.redactionId);
    if (!r) continue;
    out.set(link.versionId, {
      redaction_id: r.id,
      mode: r.mode,
      reason: r.reason,
      redacted_at: r.createdAt.toISOString(),
      redacted_by: wireActor(r.actorType, r.actorId),
    });
  }
  return out;
}
