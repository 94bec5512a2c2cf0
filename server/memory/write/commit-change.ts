import "server-only";
import type { RequestContext } from "../../auth/principal";
import { scheduleSeal } from "../../audit/seal-audit-events";
import { publishLocal } from "../../events/event-bus";
import { planChange, type Change } from "./plan-change";
import { notUnderHold } from "./rule-steps";
import type { StoreState, WriteStore } from "./write-store";

/**
 * What a write step gets: the storage, a way to act once the transaction has committed, and
 * whether it may read the memory it changes without locking it (`optimistic`: the write then
 * checks that the head has not moved, and the step runs again if it has; see run-write.ts).
 */
export type Writer = { s: WriteStore; afterCommit: (callback: () => void) => void; optimistic: boolean };

/**
 * The one place a memory changes: writes the immutable version, moves the memory's head to it
 * and records the audit event, all in the caller's transaction. After commit the live event goes
 * out (SQLite), or the event is sealed into the chain, which then announces it to every
 * instance (PostgreSQL, server/audit/seal-audit-events.ts).
 */
export function* commitChange(w: Writer, ctx: RequestContext, change: Change, store: StoreState) {
  if (change.operation === "deleted" && change.memory) yield* notUnderHold(change.storeId, change.memory.id);
  const planned = planChange(ctx, change, store);
  // Before the write statement draws the event's pending number (PostgreSQL): its seal looks from here.
  const writeBegan = performance.now();
  const seq = yield* w.s.writeChange(planned.version, planned.memory, planned.plannedOn, planned.audit);
  const workspaceId = ctx.principal.workspaceId;
  w.afterCommit(seq === null ? () => scheduleSeal(workspaceId, writeBegan) : () => publishLocal(planned.live(seq)));
  return { memory: planned.memory, version: planned.version };
}
