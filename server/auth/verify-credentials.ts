import "server-only";
// @auth/core is what next-auth re-exports its errors from (and importable without Next).
import { CredentialsSignin } from "@auth/core/errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import { getDb } from "../db/client";
import { runTransaction } from "../db/transaction";
import { loginFailureLimiter } from "../http/rate-limit";
import { verifyPassword } from "./passwords";

/** Too many failed sign-ins for this email from this address: refused without checking the password. */
export class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`);
  }
}

/** Checks an email and password; records the sign-in (or the failure) in the audit log. */
export async function verifyCredentials(email: string, password: string, clientAddress = "unknown") {
  const normalized = email.trim().toLowerCase();
  const limitKey = `${normalized}|${clientAddress}`;
  const limited = loginFailureLimiter.check(limitKey);
  if (!limited.ok) throw new SignInRateLimited(limited.retryAfterSeconds);
  const { db } = await getDb();
  const user = await db.user.findUnique({ where: { email: normalized } });
  const ok = Boolean(user && !user.deactivatedAt && user.passwordHash && (await verifyPassword(user.passwordHash, password)));
  if (ok) loginFailureLimiter.reset(limitKey);
  else loginFailureLimiter.hit(limitKey);
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
