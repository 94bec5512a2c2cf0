import "server-only";
import { newId } from "@/lib/ids";
import { appendAuditEvent } from "../audit/append-audit-event";
import { getDb } from "../db/client";
import { runTransaction } from "../db/transaction";
import { endUserSessions } from "./end-user-sessions";
import { defaultWorkspace } from "../workspaces/default-workspace";
import { roleFromClaims, type OidcConfig } from "./oidc-config";

export type OidcSignIn = { ok: true; userId: string; email: string; name: string } | { ok: false; reason: string };

/**
 * Signs in an OpenID Connect user by the ID token's claims: the first sign-in creates the user
 * (no password) with the mapped role, later ones set the role from the claim again. The workspace
 * is the configured one (ENGRAM_OIDC_WORKSPACE, else the default workspace), never inferred from
 * the email: a user with that email in another workspace is someone else. Users are matched by
 * email within it, so the issuer must be one the operator trusts; an unverified email, an
 * unmapped user without a default role and a deactivated user are refused. All audited.
 */
export async function oidcSignIn(
  claims: Record<string, unknown>,
  config: Pick<OidcConfig, "roleClaim" | "roleMap" | "defaultRole"> & { workspaceId?: string | null },
): Promise<OidcSignIn> {
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email) return { ok: false, reason: "the identity provider sent no email claim" };
  if (claims.email_verified === false) return { ok: false, reason: "the identity provider has not verified this email" };
  const name = (typeof claims.name === "string" && claims.name.trim()) || email;
  const role = roleFromClaims(claims, config);
  const { db } = await getDb();
  const workspace = config.workspaceId ? await db.workspace.findUnique({ where: { id: config.workspaceId }, select: { id: true } }) : await defaultWorkspace();
  if (!workspace) return { ok: false, reason: "the workspace configured for single sign-on (ENGRAM_OIDC_WORKSPACE) does not exist" };
  const workspaceId = workspace.id;
  return runTransaction(
    async ({ tx }) => {
      const existing = await tx.user.findFirst({ where: { workspaceId, email } });
      const audit = (actorId: string, action: Parameters<typeof appendAuditEvent>[1]["action"], data: Record<string, unknown>) =>
        appendAuditEvent(tx, { workspaceId, actorType: "user", actorId, action, targetType: "user", targetId: actorId, data });
      if (!role) {
        if (existing) await audit(existing.id, "user.sign_in_failed", { method: "oidc", problem: "no_role" });
        return { ok: false as const, reason: "no role is mapped to this user's claims" };
      }
      if (existing?.deactivatedAt) {
        await audit(existing.id, "user.sign_in_failed", { method: "oidc", problem: "deactivated" });
        return { ok: false as const, reason: "this user is deactivated" };
      }
      const now = new Date();
      let user = existing;
      if (!user) {
        user = await tx.user.create({ data: { id: newId("user"), workspaceId, email, name, role, passwordHash: null, lastLoginAt: now } });
        await audit(user.id, "user.created", { email, role, via: "oidc" });
      } else {
        if (user.role !== role) {
          await audit(user.id, "user.role_changed", { from: user.role, to: role, via: "oidc" });
          await endUserSessions(tx, user.id);
        }
        user = await tx.user.update({ where: { id: user.id }, data: { role, lastLoginAt: now } });
      }
      await audit(user.id, "user.signed_in", { method: "oidc" });
      return { ok: true as const, userId: user.id, email: user.email, name: user.name };
    },
    { lockWorkspace: workspaceId },
  );
}
