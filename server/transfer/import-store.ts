import "server-only";
import { newId } from "@/lib/ids";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { auditRequest } from "../audit/append-audit-event";
import { config } from "../config";
import { runTransaction, type TxContext } from "../db/transaction";
import { ApiError, badRequest } from "../http/api-error";
import { commitVersion } from "../memory/commit-version";
import { pathFree } from "../memory/write/rule-steps";
import { runInTransaction } from "../memory/write/run-in-transaction";
import { requireDescription, requireStoreName } from "../stores/store-input";
import type { ImportSource } from "./import-source";

/**
 * Creates a new store from an import source, all in one transaction (a failed import leaves
 * nothing behind). With history, the versions are replayed in order, keeping operations and
 * paths; every imported version is attributed to the importer with cause "import", and the
 * original version id, time and actor are kept in that version's audit event (they name sessions
 * and keys of another install, which this one cannot vouch for). Versions redacted in the source
 * are replayed as redacted versions. Finally the store is brought to exactly the archive's files.
 */
export async function importStore(ctx: RequestContext, source: ImportSource, options: { name?: string }) {
  // An import creates a store, so it needs what POST /memory_stores needs as well (issue 13 finding 9).
  authorize(ctx, "import:create");
  authorize(ctx, "stores:manage");
  const name = requireStoreName(options.name ?? source.store?.name ?? "imported");
  const description = requireDescription(source.store?.description ?? "");
  if (source.files.size > config.maxMemoriesPerStore)
    throw badRequest(`the archive holds ${source.files.size} files; a store holds at most ${config.maxMemoriesPerStore}`);
  return runTransaction((t) => replay(t, ctx, source, name, description), { lockWorkspace: ctx.principal.workspaceId });
}

async function replay(t: TxContext, ctx: RequestContext, source: ImportSource, name: string, description: string) {
  const { tx } = t;
  const now = new Date();
  const metadata = source.store?.id ? { imported_from: String(source.store.id).slice(0, 100) } : {};
  const store = await tx.store.create({
    data: { id: newId("store"), workspaceId: ctx.principal.workspaceId, name, description, metadata: JSON.stringify(metadata), createdAt: now, updatedAt: now },
  });
  const memoryOf = new Map<string, string>();
  const lastPath = new Map<string, string>();
  let versions = 0;

  const load = async (id: string | undefined) => (id ? tx.memory.findUniqueOrThrow({ where: { id, workspaceId: store.workspaceId } }) : null);
  for (const [i, line] of (source.history ?? []).entries()) {
    const where = `engram-history.ndjson line ${i + 1}`;
    const redacted = line.content === null && line.operation !== "deleted";
    const path = line.path ?? lastPath.get(line.memory_id) ?? nextPath(source, i, line.memory_id);
    if (!path) throw badRequest(`${where}: no path is known for memory ${line.memory_id}`);
    const memory = await load(memoryOf.get(line.memory_id));
    if (line.operation !== "created" && (!memory || memory.deletedAt)) throw badRequest(`${where}: ${line.operation} of a memory that does not exist`);
    if (line.operation === "created" && memory && !memory.deletedAt) throw badRequest(`${where}: created a memory that already exists`);
    if (line.operation !== "deleted") await runInTransaction(t, store.workspaceId, (w) => pathFree(w, store.id, path, memory?.id ?? null));
    const { memory: after } = await commitVersion(t, ctx, {
      storeId: store.id,
      memory,
      operation: line.operation,
      cause: "import",
      content: line.content ?? "",
      path,
      redacted,
      audit: {
        data: {
          original: {
            version_id: line.version_id ?? null,
            created_at: line.created_at ?? null,
            created_by: line.created_by ?? null,
            cause: line.cause ?? null,
            redacted: redacted,
          },
        },
      },
    });
    memoryOf.set(line.memory_id, after.id);
    lastPath.set(line.memory_id, path);
    versions++;
  }

  // Bring the store to exactly the archive's current files.
  const live = await tx.memory.findMany({ where: { workspaceId: store.workspaceId, storeId: store.id, deletedAt: null } });
  const byPath = new Map(live.map((m) => [m.path, m]));
  for (const m of live) {
    if (!source.files.has(m.path)) {
      await commitVersion(t, ctx, { storeId: store.id, memory: m, operation: "deleted", cause: "import", content: "", path: m.path });
      versions++;
    }
  }
  for (const [path, content] of source.files) {
    const existing = byPath.get(path);
    if (existing && existing.content === content) continue;
    if (!existing) await runInTransaction(t, store.workspaceId, (w) => pathFree(w, store.id, path, null));
    await commitVersion(t, ctx, { storeId: store.id, memory: existing ?? null, operation: existing ? "modified" : "created", cause: "import", content, path });
    versions++;
  }
  if (byPath.size === 0 && source.files.size === 0 && versions === 0) throw new ApiError("invalid_request_error", "the archive holds no memory files");

  await auditRequest(tx, ctx, {
    action: "store.imported",
    storeId: store.id,
    targetType: "memory_store",
    targetId: store.id,
    data: { name, memories: source.files.size, versions, with_history: Boolean(source.history), imported_from: source.store?.id ?? null },
  });
  return { store, memories: source.files.size, versions };
}

/** A redacted first version has no path: use the memory's next known one. */
function nextPath(source: ImportSource, from: number, memoryId: string): string | undefined {
  return source.history?.slice(from + 1).find((l) => l.memory_id === memoryId && l.path)?.path ?? undefined;
}
