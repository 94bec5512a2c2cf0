import "server-only";
import type { Tx } from "../db/client";
import { badRequest, notFound } from "../http/api-error";
import type { StoreRef } from "../stores/store-ref";

/**
 * A version of `memoryId`, or 404 when the store has no such version and 400 when it belongs to
 * another memory: the caller named a real version, just not one of this file.
 */
export async function findMemoryVersion(tx: Tx, store: StoreRef, memoryId: string, versionId: string, field = "version_id") {
  const version = await tx.memoryVersion.findFirst({ where: { id: versionId, workspaceId: store.workspaceId, storeId: store.id } });
  if (!version) throw notFound(`Memory version ${versionId}`);
  if (version.memoryId !== memoryId) throw badRequest(`${field}: memory version ${versionId} is not a version of memory ${memoryId}.`);
  return version;
}

export const redactedMessage = (versionId: string) => `Memory version ${versionId} was redacted; its content is gone and cannot be shown or restored.`;
