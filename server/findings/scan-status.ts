import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";

/** How far the background scanner is through all versions (the history scan's progress). */
export async function getScanStatus(ctx: RequestContext) {
  authorize(ctx, "findings:read");
  const { db } = await getDb();
  const state = await db.scanState.findUnique({ where: { name: "versions" } });
  const head = state?.head ?? "";
  const [total, behind] = await Promise.all([
    db.memoryVersion.count({ where: { workspaceId: ctx.principal.workspaceId } }),
    db.memoryVersion.count({ where: { workspaceId: ctx.principal.workspaceId, ...(head ? { id: { gt: head } } : {}) } }),
  ]);
  return {
    type: "finding_scan_status" as const,
    versions_total: total,
    versions_scanned: total - behind,
    caught_up: behind === 0,
    updated_at: state?.updatedAt.toISOString() ?? null,
  };
}
