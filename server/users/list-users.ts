import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";

/** The workspace's console users, oldest first; never their password hashes. */
export async function listUsers(ctx: RequestContext) {
  authorize(ctx, "members:manage");
  const { db } = await getDb();
  const rows = await db.user.findMany({ where: { workspaceId: ctx.principal.workspaceId }, orderBy: { createdAt: "asc" } });
  return rows.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    deactivated_at: user.deactivatedAt?.toISOString() ?? null,
    last_login_at: user.lastLoginAt?.toISOString() ?? null,
  }));
}
