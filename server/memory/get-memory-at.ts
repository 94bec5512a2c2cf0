import "server-only";
import { authorizeStore } from "../auth/authorize";
import { readGate } from "../auth/store-policy";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { ApiError } from "../http/api-error";
import { findStoreMemory } from "./find-store-memory";
import { resolvePointInTime, toWireMemoryAt, type PointInTime } from "./point-in-time";
import type { View } from "./serialize";

/** One memory as it was at a moment: its newest version up to then, unless that was a deletion. */
export async function getMemoryAt(ctx: RequestContext, storeId: string, memoryId: string, when: PointInTime, view: View) {
  const store = await authorizeStore(ctx, "memory:read", storeId);
  const { db } = await getDb();
  const memory = await findStoreMemory(db, store, memoryId);
  const { boundaryId, asOf } = await resolvePointInTime(db, ctx, storeId, when);
  const version = boundaryId
    ? await db.memoryVersion.findFirst({ where: { workspaceId: store.workspaceId, storeId, memoryId, id: { lte: boundaryId } }, orderBy: { id: "desc" } })
    : null;
  if (!version) throw new ApiError("not_found_error", `Memory ${memoryId} did not exist yet at ${asOf.at}.`);
  const visible = await readGate(ctx.principal, storeId);
  if (visible && (!visible(version.path) || !visible(memory.path))) throw new ApiError("not_found_error", `Memory ${memoryId} not found`);
  if (version.operation === "deleted") throw new ApiError("not_found_error", `Memory ${memoryId} was deleted at ${asOf.at} (version ${version.id}).`);
  return { ...toWireMemoryAt(version, memory, view), as_of: asOf };
}
