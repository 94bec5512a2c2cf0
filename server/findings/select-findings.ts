import "server-only";
import type { RequestContext } from "../auth/principal";
import type { Tx } from "../db/client";
import { badRequest, notFound } from "../http/api-error";
import { scopeStores } from "../redaction/scope-stores";

export type FindingSelection = { findingIds?: string[]; rule?: string; storeId?: string };

/** The open findings a request names: by id, or every open finding of a rule (in one store or all the caller may use). */
export async function selectOpenFindings(db: Tx, ctx: RequestContext, selection: FindingSelection) {
  if (!selection.findingIds?.length && !selection.rule) throw badRequest("name finding_ids or a rule");
  const storeIds = await scopeStores(ctx, "findings:manage", selection.storeId);
  const rows = await db.finding.findMany({
    where: {
      workspaceId: ctx.principal.workspaceId,
      storeId: { in: storeIds },
      ...(selection.findingIds?.length ? { id: { in: selection.findingIds } } : {}),
      ...(selection.rule ? { rule: selection.rule } : {}),
    },
    orderBy: { id: "desc" },
  });
  for (const id of selection.findingIds ?? []) if (!rows.some((r) => r.id === id)) throw notFound(`Finding ${id}`);
  return rows.filter((r) => r.status === "open");
}
