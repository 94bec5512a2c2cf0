import "server-only";
import { authorize, authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb, type Tx } from "../db/client";
import { notFound } from "../http/api-error";
import { toWireHold } from "./serialize-hold";

/** A hold of the caller's workspace on a store it may see; anything else answers 404. */
export async function findHold(ctx: RequestContext, holdId: string, tx?: Tx) {
  const db = tx ?? (await getDb()).db;
  const hold = await db.legalHold.findFirst({ where: { id: holdId, workspaceId: ctx.principal.workspaceId } });
  if (!hold) throw notFound(`Legal hold ${holdId}`);
  await authorizeStore(ctx, "stores:read", hold.storeId).catch(() => {
    throw notFound(`Legal hold ${holdId}`);
  });
  return hold;
}

export async function getHold(ctx: RequestContext, holdId: string) {
  authorize(ctx, "holds:read");
  return toWireHold(await findHold(ctx, holdId));
}
