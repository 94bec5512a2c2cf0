import "server-only";
import { authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { readGate } from "../auth/store-policy";
import { getDb } from "../db/client";
import { notFound } from "../http/api-error";
import { recordRead } from "../memory/record-read";

/** The live memory at a store path, for MCP resources and history; reading it is recorded like any read. */
export async function findMemoryByPath(ctx: RequestContext, storeId: string, path: string, options: { recordRead: boolean }) {
  const store = await authorizeStore(ctx, "memory:read", storeId);
  const { db } = await getDb();
  const memory = await db.memory.findFirst({ where: { workspaceId: store.workspaceId, storeId, livePath: path } });
  const visible = await readGate(ctx.principal, storeId);
  if (!memory || (visible && !visible(memory.path))) throw notFound(`Memory ${path} in store ${storeId}`);
  if (options.recordRead) await recordRead(ctx, memory);
  return memory;
}
