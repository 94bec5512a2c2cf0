import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { toWireUser } from "./serialize-user";

/** The workspace's console users, oldest first (ids are time-ordered), a page at a time; never their password hashes. */
export async function listUsers(ctx: RequestContext, input: { limit: number; page?: string }) {
  authorize(ctx, "members:manage");
  const { db } = await getDb();
  const cursor = decodeCursor(input.page, { id: "string" });
  const rows = await db.user.findMany({
    where: { workspaceId: ctx.principal.workspaceId, ...(cursor ? { id: { gt: cursor.id } } : {}) },
    orderBy: { id: "asc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, toWireUser, (row) => ({ id: row.id }));
}
