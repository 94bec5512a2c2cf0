import "server-only";
import { auditRequest } from "../audit/append-audit-event";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { endUserSessions } from "../auth/end-user-sessions";
import { runTransaction } from "../db/transaction";
import { notFound } from "../http/api-error";
import { assertAnotherActiveAdmin } from "./last-admin-guard";

/**
 * Deactivates (or reactivates) a member. A deactivated member is refused on the next request:
 * every page and API call re-reads the user (user-principal.ts). The last active admin stays.
 */
export async function setUserActive(ctx: RequestContext, userId: string, active: boolean) {
  authorize(ctx, "members:manage");
  const workspaceId = ctx.principal.workspaceId;
  return runTransaction(
    async ({ tx }) => {
      const user = await tx.user.findFirst({ where: { id: userId, workspaceId } });
      if (!user) throw notFound(`Member ${userId}`);
      if (active === !user.deactivatedAt) return user;
      if (!active && user.role === "admin") await assertAnotherActiveAdmin(tx, workspaceId, user.id, "deactivate");
      const updated = await tx.user.update({ where: { id: user.id }, data: { deactivatedAt: active ? null : new Date() } });
      // A session signed in under the old state must not outlive the change.
      await endUserSessions(tx, user.id);
      await auditRequest(tx, ctx, {
        action: active ? "user.reactivated" : "user.deactivated",
        targetType: "user",
        targetId: user.id,
        data: { email: user.email, role: user.role },
      });
      return updated;
    },
    { lockWorkspace: workspaceId },
  );
}
