import "server-only";
import type { RequestContext } from "../auth/principal";
import type { TxContext } from "../db/transaction";
import { commitChange } from "./write/commit-change";
import type { Change } from "./write/plan-change";
import { notFound } from "../http/api-error";
import { runInTransaction } from "./write/run-in-transaction";

export type { Cause, Change } from "./write/plan-change";

/**
 * commitChange (write/commit-change.ts) inside a transaction that runTransaction opened, for
 * changes that also do other work in it. Memory writes of their own go through runWrite.
 */
export async function commitVersion(t: TxContext, ctx: RequestContext, change: Change) {
  return runInTransaction(t, ctx.principal.workspaceId, function* (w) {
    // No archive check: a redaction must reach archived stores too; callers decide.
    const store = yield* w.s.storeState(change.storeId);
    if (!store) throw notFound(`Memory store ${change.storeId}`);
    return yield* commitChange(w, ctx, change, store);
  });
}
