import "server-only";
import { canonicalize } from "@/lib/canonical-json";
import { sha256Hex } from "../crypto";

export const GENESIS_HASH = "0".repeat(64);

export type HashedFields = {
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

/** SHA-256 over the RFC 8785 canonical JSON of the event and the previous event's hash. */
export function eventHash(fields: HashedFields): string {
  return sha256Hex(canonicalize({ ...fields, createdAt: fields.createdAt.toISOString(), data: JSON.parse(fields.data) }));
}
