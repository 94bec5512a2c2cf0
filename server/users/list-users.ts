import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { toWireUser } from "./serialize-user";

/** The workspace's console users, oldest first; never their password hashes. */
export async function listUsers(ctx: RequestContext) {
  authorize(ctx, "members:manage");
  const { db } = await getDb();
  const rows = await db.user.findMany({ where: { workspaceId: ctx.principal.workspaceId }, orderBy: { createdAt: "asc" } });
  return rows.map(toWireUser);
}
