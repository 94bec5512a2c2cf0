import "server-only";
import type { WireSessionResource } from "../api/routes/sessions";
import { mountPathFor } from "@/lib/sessions/mount-path";
import { agentAccess, type Access } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import type { Prisma, SessionResource } from "../db/generated/sqlite/client";
import { badRequest, notFound } from "../http/api-error";

/** Managed Agents' limits: at most 8 stores per session, instructions up to 4,096 characters. */
export const MAX_SESSION_STORES = 8;
export const MAX_INSTRUCTIONS = 4096;

export type SessionResourceInput = { type: "memory_store"; memory_store_id: string; access?: Access | null; instructions?: string | null };

/**
 * Attaches stores to a new session inside its transaction, snapshotting each store's name and
 * description. Every store must exist in the workspace and, for an agent key, be one its grants
 * reach (else 404, as for any store it cannot see). The attachment's access only ever narrows the
 * agent's grants: what a request may do is checked against both, on every request.
 */
export async function attachSessionResources(
  ctx: RequestContext,
  tx: Prisma.TransactionClient,
  sessionId: string,
  resources: readonly SessionResourceInput[],
): Promise<SessionResource[]> {
  if (resources.length > MAX_SESSION_STORES) throw badRequest(`resources: at most ${MAX_SESSION_STORES} memory stores may be attached to a session`);
  const seen = new Set<string>();
  const taken = new Set<string>();
  const rows: SessionResource[] = [];
  for (const [position, resource] of resources.entries()) {
    if (resource.type !== "memory_store") throw badRequest(`resources[${position}].type: only memory_store resources are supported`);
    if (seen.has(resource.memory_store_id)) throw badRequest(`resources[${position}]: memory store ${resource.memory_store_id} is attached twice`);
    seen.add(resource.memory_store_id);
    const instructions = resource.instructions ?? null;
    if (instructions !== null && instructions.length > MAX_INSTRUCTIONS) {
      throw badRequest(`resources[${position}].instructions: must be at most ${MAX_INSTRUCTIONS} characters`);
    }
    const store = await tx.store.findFirst({ where: { id: resource.memory_store_id, workspaceId: ctx.principal.workspaceId } });
    if (!store || !(await agentAccess(ctx.principal, store.id))) throw notFound(`Memory store ${resource.memory_store_id}`);
    const mountPath = mountPathFor(store.name, taken);
    taken.add(mountPath);
    rows.push({
      sessionId,
      storeId: store.id,
      workspaceId: ctx.principal.workspaceId,
      position,
      access: resource.access ?? "read_write",
      instructions,
      name: store.name,
      description: store.description,
      mountPath,
    });
  }
  if (rows.length > 0) await tx.sessionResource.createMany({ data: rows });
  return rows;
}

/** The attachments of each of `sessionIds`, in request order. */
export async function loadSessionResources(workspaceId: string, sessionIds: readonly string[]): Promise<Map<string, SessionResource[]>> {
  const { db } = await getDb();
  const rows =
    sessionIds.length === 0
      ? []
      : await db.sessionResource.findMany({ where: { workspaceId, sessionId: { in: [...sessionIds] } }, orderBy: { position: "asc" } });
  const out = new Map<string, SessionResource[]>(sessionIds.map((id) => [id, []]));
  for (const row of rows) out.get(row.sessionId)!.push(row);
  return out;
}

/** The wire shape (SDK `BetaManagedAgentsMemoryStoreResource`). */
export function toWireSessionResource(row: SessionResource): WireSessionResource {
  return {
    type: "memory_store",
    memory_store_id: row.storeId,
    access: row.access as "read_only" | "read_write",
    instructions: row.instructions,
    mount_path: row.mountPath,
    name: row.name,
    description: row.description,
  };
}
