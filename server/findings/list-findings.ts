import "server-only";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { scopeStores } from "../redaction/scope-stores";
import { serializeFinding } from "./serialize-finding";

export type FindingStatus = "open" | "redacted" | "dismissed";
export type ListFindingsInput = { storeId?: string; rule?: string; status?: FindingStatus; limit: number; page?: string };

/** Findings of the stores the caller may review, newest first. */
export async function listFindings(ctx: RequestContext, input: ListFindingsInput) {
  const storeIds = await scopeStores(ctx, "findings:read", input.storeId);
  const cursor = decodeCursor(input.page, { id: "string" });
  const { db } = await getDb();
  const rows = await db.finding.findMany({
    where: {
      workspaceId: ctx.principal.workspaceId,
      storeId: { in: storeIds },
      ...(input.rule ? { rule: input.rule } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(cursor ? { id: { lt: cursor.id } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, serializeFinding, (row) => ({ id: row.id }));
}
