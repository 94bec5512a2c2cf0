import "server-only";
import { canonicalize } from "@/lib/canonical-json";
import { sha256Hex } from "../crypto";

export const GENESIS_HASH = "0".repeat(64);

export type HashedFields = {
  id: string;
  workspaceId: string;
  seq: number;
  createdAt: Date;
  actorType: string;
  actorId: string;
  action: string;
  storeId: string | null;
  sessionId: string | null;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  data: string;
  prevHash: string;
};

/** SHA-256 over the RFC 8785 canonical JSON of the event's fields, including the previous hash. */
export function eventHash(event: HashedFields): string {
  const { id, workspaceId, seq, createdAt, actorType, actorId, action, storeId, sessionId, targetType, targetId, requestId, data, prevHash } = event;
  return sha256Hex(
    canonicalize({
      id,
      workspaceId,
      seq,
      createdAt: createdAt.toISOString(),
      actorType,
      actorId,
      action,
      storeId,
      sessionId,
      targetType,
      targetId,
      requestId,
      data: JSON.parse(data),
      prevHash,
    }),
  );
}
