import "server-only";
import { authorizeStore } from "../auth/authorize";
import { readGate } from "../auth/store-policy";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, pageOf } from "../http/cursor";
import { versionRedactions } from "../redaction/version-redactions";
import { toWireVersion, type View } from "./serialize";

export type ListVersionsInput = {
  limit: number;
  page?: string;
  view: View;
  memoryId?: string;
  operation?: string;
  sessionId?: string;
  apiKeyId?: string;
  createdGte?: Date;
  createdLte?: Date;
  /** Oldest first instead of the default newest first (Engram extension). */
  order?: "asc" | "desc";
};

/** A store's versions, newest first, with the SDK's filters. */
export async function listVersions(ctx: RequestContext, storeId: string, input: ListVersionsInput) {
  await authorizeStore(ctx, "memory:read", storeId);
  const visible = await readGate(ctx.principal, storeId);
  const { db } = await getDb();
  const cursor = decodeCursor(input.page, { id: "string" });
  const order = input.order ?? "desc";
  const rows = await db.memoryVersion.findMany({
    where: {
      workspaceId: ctx.principal.workspaceId,
      storeId,
      ...(input.memoryId ? { memoryId: input.memoryId } : {}),
      ...(input.operation ? { operation: input.operation } : {}),
      ...(input.sessionId ? { sessionId: input.sessionId } : {}),
      ...(input.apiKeyId ? { apiKeyId: input.apiKeyId } : {}),
      ...(input.createdGte || input.createdLte ? { createdAt: { gte: input.createdGte, lte: input.createdLte } } : {}),
      ...(cursor ? { id: order === "desc" ? { lt: cursor.id } : { gt: cursor.id } } : {}),
    },
    orderBy: { id: order },
    take: input.limit + 1,
  });
  const redactions = await versionRedactions(
    db,
    rows.map((row) => row.id),
  );
  const page = pageOf(
    rows,
    input.limit,
    (row) => toWireVersion(row, input.view, redactions.get(row.id) ?? null),
    (row) => ({ id: row.id }),
  );
  // A path-scoped key sees only versions at paths it may read (a page may then hold fewer items).
  return visible ? { ...page, data: page.data.filter((v) => visible(v.path ?? null)) } : page;
}
