import "server-only";
import { appendAuditEvent } from "../audit/append-audit-event";
import { getDb } from "../db/client";
import { runTransaction } from "../db/transaction";
import { verifyPassword } from "./passwords";

/** Checks an email and password; records the sign-in (or the failure) in the audit log. */
export async function verifyCredentials(email: string, password: string) {
  const { db } = await getDb();
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = Boolean(user && !user.deactivatedAt && user.passwordHash && (await verifyPassword(user.passwordHash, password)));
  if (!user) return null;
  await runTransaction(
    async ({ tx }) => {
      if (ok) await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
      await appendAuditEvent(tx, {
        workspaceId: user.workspaceId,
        actorType: "user",
        actorId: user.id,
        action: ok ? "user.signed_in" : "user.sign_in_failed",
        targetType: "user",
        targetId: user.id,
        data: { method: "password" },
      });
    },
    { lockWorkspace: user.workspaceId },
  );
  return ok ? { id: user.id, email: user.email, name: user.name } : null;
}
