import "server-only";
import { auditRequest } from "../audit/append-audit-event";
import { authorize } from "../auth/authorize";
import { roles, type RequestContext, type Role } from "../auth/principal";
import { endUserSessions } from "../auth/end-user-sessions";
import { runTransaction } from "../db/transaction";
import { badRequest, notFound } from "../http/api-error";
import { assertAnotherActiveAdmin } from "./last-admin-guard";

/** Changes a member's role; the last active admin cannot be demoted. Takes effect on the member's next request. */
export async function setUserRole(ctx: RequestContext, userId: string, role: Role) {
  authorize(ctx, "members:manage");
  if (!roles.includes(role)) throw badRequest(`role: must be one of ${roles.join(", ")}`);
  const workspaceId = ctx.principal.workspaceId;
  return runTransaction(
    async ({ tx }) => {
      const user = await tx.user.findFirst({ where: { id: userId, workspaceId } });
      if (!user) throw notFound(`Member ${userId}`);
      if (user.role === role) return user;
      if (user.role === "admin" && !user.deactivatedAt) await assertAnotherActiveAdmin(tx, workspaceId, user.id, "demote");
      const updated = await tx.user.update({ where: { id: user.id }, data: { role } });
      // A session signed in under the old state must not outlive the change.
      await endUserSessions(tx, user.id);
      await auditRequest(tx, ctx, {
        action: "user.role_changed",
        targetType: "user",
        targetId: user.id,
        data: { from: user.role, to: role, via: "console" },
      });
      return updated;
    },
    { lockWorkspace: workspaceId },
  );
}
