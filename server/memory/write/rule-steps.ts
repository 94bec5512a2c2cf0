import "server-only";
import { allRows, type Step } from "../../db/sql-step";
import type { Writer } from "./commit-change";
import type { Memory } from "../../db/generated/sqlite/client";
import { ancestorsOf, checkMemory, checkNotHeld, checkPathFree, checkRoom, checkStore } from "./plan-change";
import type { StoreState } from "./write-store";

// The reads each rule needs, paired with the rule (plan-change.ts) that judges them.

export function* writableStore(w: Writer, storeId: string, options: { archivedOk?: boolean } = {}): Step<StoreState> {
  return checkStore(storeId, yield* w.s.storeState(storeId), options);
}

/**
 * The store (checked as writableStore does) and one of its live memories (404 if none). An
 * optimistic writer reads both at once, without locks; otherwise the memory's row is locked.
 */
export function* storeAndLiveMemory(
  w: Writer,
  storeId: string,
  memoryId: string,
  options: { archivedOk?: boolean } = {},
): Step<{ store: StoreState; memory: Memory }> {
  if (!w.optimistic) return { store: yield* writableStore(w, storeId, options), memory: checkMemory(memoryId, yield* w.s.liveMemory(storeId, memoryId)) };
  const read = yield* w.s.storeAndLiveMemory(storeId, memoryId);
  return { store: checkStore(storeId, read.store, options), memory: checkMemory(memoryId, read.memory) };
}

export function* pathFree(w: Writer, storeId: string, path: string, exceptId: string | null): Step<void> {
  yield* w.s.lockPaths(storeId);
  checkPathFree(path, yield* w.s.pathHolder(storeId, path, ancestorsOf(path), exceptId));
}

export function* roomForOneMore(w: Writer, storeId: string): Step<void> {
  yield* w.s.lockPaths(storeId);
  checkRoom(storeId, yield* w.s.liveCount(storeId));
}

/** Deletes only: the active legal holds on the store itself or on this memory (the same SQL on both databases). */
export function* notUnderHold(storeId: string, memoryId: string): Step<void> {
  const holds = yield* allRows<{ id: string }>(
    `SELECT "id" FROM "LegalHold" WHERE "storeId" = ? AND "liftedAt" IS NULL AND ("memoryId" IS NULL OR "memoryId" = ?) ORDER BY "id"`,
    [storeId, memoryId],
  );
  checkNotHeld(
    memoryId,
    holds.map((hold) => hold.id),
  );
}
