import "server-only";
import { weakest } from "@/lib/path-grants";
import { authCache } from "../auth/auth-cache";
import type { Access } from "../auth/authorize";
import type { Principal } from "../auth/principal";
import { getDb } from "../db/client";

// Attachments never change after a session is created; reuse them like the grants they narrow.
const attachmentsBySession = authCache<Map<string, Access> | null>("session-attachments", ["SessionResource", "Session", "Workspace"]);

/** The stores attached to the principal's session with their access, or null when it names no session or one without attachments. */
export async function sessionAttachments(principal: Principal): Promise<Map<string, Access> | null> {
  if (principal.type !== "api_key" || !principal.sessionId) return null;
  const sessionId = principal.sessionId;
  return attachmentsBySession(`${principal.workspaceId}/${sessionId}`, async () => {
    const { db } = await getDb();
    const rows = await db.sessionResource.findMany({ where: { workspaceId: principal.workspaceId, sessionId }, select: { storeId: true, access: true } });
    return rows.length === 0 ? null : new Map(rows.map((row) => [row.storeId, row.access as Access]));
  });
}

/**
 * A session created with attached stores may touch only those, with at most the attached access:
 * `granted` (what the agent's grants give) narrowed by the attachment, never widened.
 */
export async function narrowBySession(principal: Principal, storeId: string, granted: Access | null): Promise<Access | null> {
  if (!granted) return null;
  const attached = await sessionAttachments(principal);
  if (!attached) return granted;
  const access = attached.get(storeId);
  if (!access) return null;
  return weakest(access, granted);
}
