import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { toWireStore } from "../memory/serialize";
import { sessionAttachments } from "../sessions/session-attachment-access";

export type ListStoresInput = { limit: number; page?: string; includeArchived: boolean; createdGte?: Date; createdLte?: Date };

/** Stores newest first; an agent key sees only the stores it holds a grant on (and its session attached, if any). */
export async function listStores(ctx: RequestContext, input: ListStoresInput) {
  authorize(ctx, "stores:read");
  const { db } = await getDb();
  const cursor = decodeCursor(input.page, { id: "string" });
  const { principal } = ctx;
  const agentOnly = principal.type === "api_key" && principal.keyKind === "agent";
  const attached = agentOnly ? await sessionAttachments(principal) : null;
  const rows = await db.store.findMany({
    where: {
      workspaceId: principal.workspaceId,
      ...(input.includeArchived ? {} : { archivedAt: null }),
      ...(input.createdGte || input.createdLte ? { createdAt: { gte: input.createdGte, lte: input.createdLte } } : {}),
      ...(cursor ? { id: { lt: cursor.id } } : {}),
      ...(attached ? { AND: [{ id: { in: [...attached.keys()] } }] } : {}),
      ...(agentOnly ? { grants: { some: { OR: [{ agentId: principal.agentId }, { agentId: null }] } } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  return pageOf(rows, input.limit, toWireStore, (row) => ({ id: row.id }));
}
