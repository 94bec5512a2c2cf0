import "server-only";
import { canonicalize } from "@/lib/canonical-json";
import { sha256Hex } from "../crypto";

export const GENESIS_HASH = "0".repeat(64);
export const HASH_VERSION = 2;

type Common = {
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
  prevHash: string;
};
/** The fields of a version-1 event (before the data digest). */
export type HashedFields = Common & { data: string };
/** The fields of a version-2 event: the data enters through its digest. */
export type DigestFields = Common & { dataSha256: string };

const common = (event: Common) => ({
  id: event.id,
  workspaceId: event.workspaceId,
  seq: event.seq,
  createdAt: event.createdAt.toISOString(),
  actorType: event.actorType,
  actorId: event.actorId,
  action: event.action,
  storeId: event.storeId,
  sessionId: event.sessionId,
  targetType: event.targetType,
  targetId: event.targetId,
  requestId: event.requestId,
});

/** Version 1: SHA-256 over the RFC 8785 canonical JSON of the fields with the data parsed. Throws on data that is not JSON. */
export function eventHash(event: HashedFields): string {
  return sha256Hex(canonicalize({ ...common(event), data: JSON.parse(event.data), prevHash: event.prevHash }));
}

/** Version 2: the same over the digest of the stored data bytes, so redacting data keeps the hash. */
export function eventHashV2(event: DigestFields): string {
  return sha256Hex(canonicalize({ v: HASH_VERSION, ...common(event), dataSha256: event.dataSha256, prevHash: event.prevHash }));
}

/** The digest an event's data is chained over. */
export const dataDigest = (data: string) => sha256Hex(data);
