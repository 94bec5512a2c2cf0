import "server-only";
import type { Tx } from "../db/client";

/** The workspace's newest sealed audit seq (0 before any event). */
export async function sealedHead(tx: Tx, workspaceId: string): Promise<number> {
  const head = await tx.auditEvent.findFirst({ where: { workspaceId, seq: { gt: 0 } }, orderBy: { seq: "desc" }, select: { seq: true } });
  return head?.seq ?? 0;
}
