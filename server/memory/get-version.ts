import "server-only";
import { authorizeStore } from "../auth/authorize";
import { readGate } from "../auth/store-policy";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { notFound } from "../http/api-error";

export async function getVersion(ctx: RequestContext, storeId: string, versionId: string) {
  await authorizeStore(ctx, "memory:read", storeId);
  const visible = await readGate(ctx.principal, storeId);
  const { db } = await getDb();
  const version = await db.memoryVersion.findFirst({ where: { id: versionId, workspaceId: ctx.principal.workspaceId, storeId } });
  if (!version || (visible && !visible(version.path))) throw notFound(`Memory version ${versionId}`);
  return version;
}
