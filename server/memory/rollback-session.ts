import "server-only";
import { agentAccess, authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { auditRequest } from "../audit/append-audit-event";
import { getDb } from "../db/client";
import { runTransaction, type TxContext } from "../db/transaction";
import { ApiError, badRequest, notFound } from "../http/api-error";
import { commitVersion } from "./commit-version";
import { pathFree } from "./write/rule-steps";
import { runInTransaction } from "./write/run-in-transaction";
import { planMemoryRollback, type PlannedRevert, type RevertAction, type RollbackConflict } from "./rollback-plan";

export type RollbackInput = { dryRun?: boolean };

type Reverted = {
  memory_id: string;
  memory_store_id: string;
  path: string;
  action: RevertAction;
  /** The version the rollback wrote; null in a dry run. */
  version_id: string | null;
  restored_from_version_id: string | null;
};
type Unchanged = { memory_id: string; memory_store_id: string; path: string };
type Skipped = { memory_store_id: string; reason: "read_only" | "archived" };

export type SessionRollback = {
  type: "session_rollback";
  session_id: string;
  dry_run: boolean;
  reverted: Reverted[];
  conflicts: RollbackConflict[];
  unchanged: Unchanged[];
  skipped: Skipped[];
};

// Thrown to undo a dry run's writes after computing exactly what a real run would do.
class DryRunComplete extends Error {
  constructor(readonly result: SessionRollback) {
    super("dry run");
  }
}

/**
 * Reverts every memory a session changed, in the stores the caller may write, to its state just
 * before the session's first change of it; one transaction, one version per reverted memory
 * (cause "rollback"), one session.rolled_back audit event. A dry run does the same work and then
 * rolls the transaction back.
 */
export async function rollbackSession(ctx: RequestContext, sessionId: string, input: RollbackInput = {}): Promise<SessionRollback> {
  authorize(ctx, "memory:write");
  const { principal } = ctx;
  const { db } = await getDb();
  const session = await db.session.findFirst({ where: { id: sessionId, workspaceId: principal.workspaceId } });
  if (!session || (principal.type === "api_key" && principal.keyKind === "agent" && session.agentId !== principal.agentId)) {
    throw notFound(`Session ${sessionId}`);
  }
  if (principal.type === "api_key" && principal.sessionId === sessionId) {
    throw badRequest("A session cannot roll itself back: send the request without x-engram-session-id, or from another session.");
  }
  const { writable, skipped } = await writableStores(ctx, sessionId);

  try {
    return await runTransaction(
      async (t) => {
        const result = await rollbackInTransaction(t, ctx, sessionId, writable, skipped, input.dryRun === true);
        if (input.dryRun) throw new DryRunComplete(result);
        return result;
      },
      { lockWorkspace: principal.workspaceId },
    );
  } catch (error) {
    if (error instanceof DryRunComplete) return error.result;
    throw error;
  }
}

/** The stores the session wrote to, split into those the caller may change and those it may not. */
async function writableStores(ctx: RequestContext, sessionId: string) {
  const { db } = await getDb();
  const touched = await db.memoryVersion.findMany({
    where: { workspaceId: ctx.principal.workspaceId, sessionId },
    distinct: ["storeId"],
    select: { storeId: true },
  });
  const stores = await db.store.findMany({ where: { id: { in: touched.map((row) => row.storeId) }, workspaceId: ctx.principal.workspaceId } });
  const writable: string[] = [];
  const skipped: Skipped[] = [];
  for (const store of stores) {
    const access = await agentAccess(ctx.principal, store.id);
    // Stores the caller cannot even read stay invisible.
    if (access === null) continue;
    if (access !== "read_write") skipped.push({ memory_store_id: store.id, reason: "read_only" });
    else if (store.archivedAt) skipped.push({ memory_store_id: store.id, reason: "archived" });
    else writable.push(store.id);
  }
  return { writable, skipped };
}

async function rollbackInTransaction(t: TxContext, ctx: RequestContext, sessionId: string, storeIds: string[], skipped: Skipped[], dryRun: boolean) {
  const { tx } = t;
  const versions = await tx.memoryVersion.findMany({
    where: { workspaceId: ctx.principal.workspaceId, sessionId, storeId: { in: storeIds } },
    orderBy: { id: "asc" },
    select: { id: true, memoryId: true },
  });
  const firstChange = new Map<string, string>();
  for (const version of versions) if (!firstChange.has(version.memoryId)) firstChange.set(version.memoryId, version.id);
  const memories = await tx.memory.findMany({
    where: { workspaceId: ctx.principal.workspaceId, id: { in: [...firstChange.keys()] } },
    orderBy: { path: "asc" },
  });

  const result: SessionRollback = { type: "session_rollback", session_id: sessionId, dry_run: dryRun, reverted: [], conflicts: [], unchanged: [], skipped };
  const reverts: PlannedRevert[] = [];
  for (const memory of memories) {
    const plan = await planMemoryRollback(tx, sessionId, memory, firstChange.get(memory.id)!);
    if (plan.kind === "revert") reverts.push(plan.revert);
    else if (plan.kind === "conflict") result.conflicts.push(plan.conflict);
    else result.unchanged.push({ memory_id: memory.id, memory_store_id: memory.storeId, path: memory.path });
  }

  // Deletions first, so paths they free can be taken back; then retry path clashes while that
  // makes progress (a session that renamed /a to /b and created a new /a needs both).
  let pending = [...reverts.filter((r) => r.action === "deleted"), ...reverts.filter((r) => r.action !== "deleted")];
  for (;;) {
    const blocked: { revert: PlannedRevert; error: ApiError }[] = [];
    for (const revert of pending) {
      const error = await applyRevert(t, ctx, sessionId, revert, result.reverted);
      if (error) blocked.push({ revert, error });
    }
    if (blocked.length === 0 || blocked.length === pending.length) {
      for (const { revert, error } of blocked) result.conflicts.push(pathConflict(revert, error));
      break;
    }
    pending = blocked.map((b) => b.revert);
  }

  if (result.reverted.length > 0) {
    await auditRequest(tx, ctx, {
      action: "session.rolled_back",
      sessionId,
      targetType: "session",
      targetId: sessionId,
      data: {
        reverted: result.reverted.length,
        conflicts: result.conflicts.length,
        unchanged: result.unchanged.length,
        skipped_stores: skipped.length,
        memory_store_ids: [...new Set(result.reverted.map((r) => r.memory_store_id))],
      },
    });
  }
  if (dryRun) for (const item of result.reverted) item.version_id = null;
  return result;
}

/** Writes one revert, or returns the path conflict that blocks it for now. */
async function applyRevert(t: TxContext, ctx: RequestContext, sessionId: string, revert: PlannedRevert, out: Reverted[]): Promise<ApiError | null> {
  const { memory, target, action } = revert;
  const path = target?.path ?? memory.path;
  if (target && (action === "recreated" || path !== memory.path)) {
    try {
      await runInTransaction(t, ctx.principal.workspaceId, (w) => pathFree(w, memory.storeId, path, memory.id));
    } catch (error) {
      if (error instanceof ApiError && error.type === "memory_path_conflict_error") return error;
      throw error;
    }
  }
  const audit = { rolled_back_session_id: sessionId, ...(target ? { restored_from_version_id: target.id } : {}) };
  const { version } = await commitVersion(t, ctx, {
    storeId: memory.storeId,
    memory,
    operation: action === "deleted" ? "deleted" : action === "recreated" ? "created" : "modified",
    cause: "rollback",
    content: target?.content ?? "",
    path,
    restoredFromId: target?.id ?? null,
    audit: target ? { action: "memory.restored", data: audit } : { data: audit },
  });
  out.push({ memory_id: memory.id, memory_store_id: memory.storeId, path, action, version_id: version.id, restored_from_version_id: target?.id ?? null });
  return null;
}

function pathConflict(revert: PlannedRevert, error: ApiError): RollbackConflict {
  return {
    memory_id: revert.memory.id,
    memory_store_id: revert.memory.storeId,
    path: revert.target?.path ?? revert.memory.path,
    reason: "path_conflict",
    message: error.message,
    version_id: null,
    created_by: null,
    created_at: null,
    conflicting_memory_id: String(error.extra.conflicting_memory_id ?? ""),
  };
}
