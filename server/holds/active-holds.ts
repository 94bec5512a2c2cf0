import "server-only";
import type { Tx } from "../db/client";
import type { LegalHold } from "../db/generated/sqlite/client";
import { ApiError } from "../http/api-error";

/** Active holds on a store: the store's own, and (with `memoryIds`) those on any of the memories; without, every memory hold too. */
export function activeHolds(tx: Tx, storeId: string, memoryIds?: readonly string[]): Promise<LegalHold[]> {
  return tx.legalHold.findMany({
    where: { storeId, liftedAt: null, ...(memoryIds ? { OR: [{ memoryId: null }, { memoryId: { in: [...memoryIds] } }] } : {}) },
    orderBy: { id: "asc" },
  });
}

/** The 409 a protected action gets while a hold covers its target. */
export function underHold(what: string, holds: readonly LegalHold[]): ApiError {
  return new ApiError("conflict_error", `${what} is under legal hold (${holds.map((h) => h.id).join(", ")}); lift the hold first.`, {
    legal_hold_ids: holds.map((h) => h.id),
  });
}

/** Refuses `what` while any hold covers the store (or, with memoryIds, the store or those memories). */
export async function assertNoHold(tx: Tx, what: string, storeId: string, memoryIds?: readonly string[]): Promise<void> {
  const holds = await activeHolds(tx, storeId, memoryIds);
  if (holds.length > 0) throw underHold(what, holds);
}

/**
 * Redaction under a hold needs an explicit override with a reason; returns what the redaction's
 * audit event records (`legal_hold_override`), or nothing when no hold covers the versions.
 */
export async function holdOverride(tx: Tx, scope: { storeId: string; memoryIds: readonly string[] }[], overrideReason: string | undefined) {
  const holds: LegalHold[] = [];
  for (const { storeId, memoryIds } of scope) holds.push(...(await activeHolds(tx, storeId, memoryIds)));
  if (holds.length === 0) return {};
  if (!overrideReason?.trim()) {
    throw new ApiError(
      "conflict_error",
      `The versions to redact are under legal hold (${holds.map((h) => h.id).join(", ")}); pass legal_hold_override_reason to redact anyway.`,
      { legal_hold_ids: holds.map((h) => h.id) },
    );
  }
  return { legal_hold_override: { reason: overrideReason.trim(), hold_ids: holds.map((h) => h.id) } };
}
