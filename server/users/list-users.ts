import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { containsText } from "../db/contains-text";
import { decodeCursor, pageOf } from "../http/cursor";
import { toWireUser } from "./serialize-user";

/**
 * The workspace's console users, oldest first (ids are time-ordered), a page at a time; never their
 * password hashes. `q`: only those whose email or name contains it (any case).
 */
export async function listUsers(ctx: RequestContext, input: { limit: number; page?: string; q?: string }) {
  authorize(ctx, "members:manage");
  const { db, dialect } = await getDb();
  const cursor = decodeCursor(input.page, { id: "string" });
  const parts = input.q ? containsText(dialect, input.q) : [];
  const text = parts.length ? { OR: [{ AND: parts.map((part) => ({ email: part })) }, { AND: parts.map((part) => ({ name: part })) }] } : {};
  const rows = await db.user.findMany({
    where: { workspaceId: ctx.principal.workspaceId, ...text, ...(cursor ? { id: { gt: cursor.id } } : {}) },
    orderBy: { id: "asc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, toWireUser, (row) => ({ id: row.id }));
}
