import "server-only";
import { authorizeStore } from "../auth/authorize";
import { readGate } from "../auth/store-policy";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { notFound } from "../http/api-error";
import { versionRedactions } from "../redaction/version-redactions";
import { toWireVersion, type View } from "./serialize";

/** One version of a store, as the API answers it (the route and the server-rendered history page). */
export async function getVersion(ctx: RequestContext, storeId: string, versionId: string, view: View) {
  await authorizeStore(ctx, "memory:read", storeId);
  const visible = await readGate(ctx.principal, storeId);
  const { db } = await getDb();
  const version = await db.memoryVersion.findFirst({ where: { id: versionId, workspaceId: ctx.principal.workspaceId, storeId } });
  if (!version || (visible && !visible(version.path))) throw notFound(`Memory version ${versionId}`);
  return toWireVersion(version, view, (await versionRedactions(db, [version.id])).get(version.id) ?? null);
}
