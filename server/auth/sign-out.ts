import "server-only";
import { appendAuditEvent } from "../audit/append-audit-event";
import { getDb } from "../db/client";
import { runTransaction } from "../db/transaction";
import { endUserSessions } from "./end-user-sessions";

/** The user's session version, or null for an unknown or deactivated user (whose sessions are over). */
export async function currentSessionVersion(userId: string): Promise<number | null> {
  const { db } = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true, deactivatedAt: true } });
  return user && !user.deactivatedAt ? user.sessionVersion : null;
}

/** A console sign-out: ends the user's sessions server-side and audits it (a stale token changes nothing). */
export async function signedOut(userId: string, sessionVersion: number): Promise<void> {
  const { db } = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { workspaceId: true, sessionVersion: true } });
  if (!user || user.sessionVersion !== sessionVersion) return;
  await runTransaction(
    async ({ tx }) => {
      await endUserSessions(tx, userId);
      await appendAuditEvent(tx, {
        workspaceId: user.workspaceId,
        actorType: "user",
        actorId: userId,
        action: "user.signed_out",
        targetType: "user",
        targetId: userId,
      });
    },
    { lockWorkspace: user.workspaceId },
  );
}
