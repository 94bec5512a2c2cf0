import "server-only";
// @auth/core is what next-auth re-exports its errors from (and importable without Next).
import { CredentialsSignin } from "@auth/core/errors";
import { appendAuditEvent } from "../audit/append-audit-event";
import { getDb } from "../db/client";
import { runTransaction } from "../db/transaction";
import { loginFailureLimiter } from "../http/rate-limit";
import { randomToken } from "../crypto";
import { hashPassword, verifyPassword } from "./passwords";
import { processState } from "../process-state";

/** RFC 5321's limit on an address; nothing longer can be anyone's email. */
export const MAX_EMAIL_LENGTH = 254;
/** Far above any passphrase; bounds what one sign-in makes argon2 read. */
export const MAX_PASSWORD_LENGTH = 1024;
/** Accounts of one email (in different workspaces) a password is tried against. */
const MAX_ACCOUNTS_PER_EMAIL = 5;

// Unknown emails are checked against this, so they cost what a known email's wrong password costs.
const dummy = processState("sign-in-timing-dummy", () => ({ hash: null as Promise<string> | null }));
const timingDummy = () => (dummy.hash ??= hashPassword(randomToken(32)));

/** Too many failed sign-ins for this email from this address: refused without checking the password. */
export class SignInRateLimited extends CredentialsSignin {
  code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`);
  }
}

/**
 * Checks an email and password; records the sign-in (or the failure) in the audit log. Failures
 * are limited per email and client address. Oversized input is refused before anything is
 * stored, hashed or counted, so it costs the server no memory.
 */
export async function verifyCredentials(email: string, password: string, clientAddress = "unknown") {
  if (email.length > MAX_EMAIL_LENGTH || password.length > MAX_PASSWORD_LENGTH) return null;
  const normalized = email.trim().toLowerCase();
  const limitKey = `${normalized}|${clientAddress}`;
  const limited = await loginFailureLimiter.check(limitKey);
  if (!limited.ok) throw new SignInRateLimited(limited.retryAfterSeconds);
  const { db } = await getDb();
  // Emails are unique per workspace: the same address may have an account in several, and the
  // password says which (oldest first). No usable account costs one dummy verification.
  const candidates = await db.user.findMany({ where: { email: normalized }, orderBy: { createdAt: "asc" }, take: MAX_ACCOUNTS_PER_EMAIL });
  const usable = candidates.filter((candidate) => !candidate.deactivatedAt && candidate.passwordHash);
  let user = candidates[0] ?? null;
  let ok = false;
  if (usable.length === 0) await verifyPassword(await timingDummy(), password);
  for (const candidate of usable) {
    if (!(await verifyPassword(candidate.passwordHash!, password))) continue;
    user = candidate;
    ok = true;
    break;
  }
  if (ok) await loginFailureLimiter.reset(limitKey);
  else await loginFailureLimiter.hit(limitKey);
  if (!user) return null;
  if (!ok) {
    // Not awaited: the answer to a wrong password must not take longer than for an unknown email.
    void recordSignIn(user, false).catch((error: unknown) => console.error("engram sign-in: a failed sign-in was not audited:", (error as Error).name));
    return null;
  }
  await recordSignIn(user, true);
  return { id: user.id, email: user.email, name: user.name };
}

function recordSignIn(user: { id: string; workspaceId: string }, ok: boolean) {
  return runTransaction(
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
}
