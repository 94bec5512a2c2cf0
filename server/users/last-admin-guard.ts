import "server-only";
import type { TxContext } from "../db/transaction";
import { badRequest } from "../http/api-error";

/** Refuses a change that would leave the workspace without an active admin (run inside the change's transaction). */
export async function assertAnotherActiveAdmin(tx: TxContext["tx"], workspaceId: string, userId: string, change: string) {
  const others = await tx.user.count({ where: { workspaceId, role: "admin", deactivatedAt: null, id: { not: userId } } });
  if (others === 0) throw badRequest(`Cannot ${change} the last active admin of this workspace; make another member an admin first.`);
}
