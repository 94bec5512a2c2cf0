import "server-only";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { auditRequest } from "../audit/append-audit-event";
import { getDb } from "../db/client";
import { runTransaction } from "../db/transaction";
import { toWireStore, versionActor } from "../memory/serialize";
import { visibleFields } from "../redaction/visible-fields";
import { tarEnd, tarFile } from "./tar-entries";
import type { ArchiveHistoryLine } from "./import-source";

export const HISTORY_FILE = "engram-history.ndjson";
export const STORE_FILE = "engram-store.json";
export const FILES_DIR = "memories";
const BATCH = 500;

export type ExportProgress = { phase: "files" | "history"; done: number; total: number };

/**
 * A store as a .tar.gz stream: its current files under memories/ (paths as in the store), and
 * with `history` every version oldest first in engram-history.ndjson (actors included; redacted
 * versions without content or path), plus engram-store.json. The export is audited.
 */
export async function exportStore(ctx: RequestContext, storeId: string, options: { history: boolean; onProgress?: (p: ExportProgress) => void }) {
  const store = await authorizeStore(ctx, "export:create", storeId);
  const { db } = await getDb();
  const inStore = { workspaceId: store.workspaceId, storeId };
  const [memories, versions] = await Promise.all([db.memory.count({ where: { ...inStore, deletedAt: null } }), db.memoryVersion.count({ where: inStore })]);
  await runTransaction(
    ({ tx }) =>
      auditRequest(tx, ctx, {
        action: "store.exported",
        storeId,
        targetType: "memory_store",
        targetId: storeId,
        data: { history: options.history, memories, versions: options.history ? versions : 0 },
      }),
    { lockWorkspace: ctx.principal.workspaceId },
  );
  const now = new Date();

  async function* entries() {
    let after = "";
    let done = 0;
    for (;;) {
      const rows = await db.memory.findMany({ where: { ...inStore, deletedAt: null, id: { gt: after } }, orderBy: { id: "asc" }, take: BATCH });
      for (const m of rows) yield tarFile(`${FILES_DIR}${m.path}`, Buffer.from(m.content, "utf8"), m.updatedAt);
      done += rows.length;
      options.onProgress?.({ phase: "files", done, total: memories });
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].id;
    }
    if (options.history) {
      const lines: string[] = [];
      after = "";
      for (;;) {
        const rows = await db.memoryVersion.findMany({ where: { ...inStore, id: { gt: after } }, orderBy: { id: "asc" }, take: BATCH });
        for (const v of rows) {
          const shown = visibleFields(v);
          const line: ArchiveHistoryLine = {
            version_id: v.id,
            memory_id: v.memoryId,
            operation: v.operation,
            cause: v.cause,
            path: shown.path,
            previous_path: shown.previousPath,
            content: v.operation === "deleted" ? null : shown.content,
            content_sha256: shown.contentSha256,
            created_at: v.createdAt.toISOString(),
            created_by: versionActor(v),
            agent_id: v.agentId,
            restored_from_version_id: v.restoredFromId,
            redacted_at: v.redactedAt?.toISOString() ?? null,
          };
          lines.push(JSON.stringify(line));
        }
        options.onProgress?.({ phase: "history", done: lines.length, total: versions });
        if (rows.length < BATCH) break;
        after = rows[rows.length - 1].id;
      }
      yield tarFile(HISTORY_FILE, Buffer.from(lines.map((l) => `${l}\n`).join(""), "utf8"), now);
    }
    const meta = {
      format: "engram-store-export",
      version: 1,
      exported_at: now.toISOString(),
      history: options.history,
      memories,
      versions: options.history ? versions : null,
      store: toWireStore(store),
    };
    yield tarFile(STORE_FILE, Buffer.from(JSON.stringify(meta, null, 2), "utf8"), now);
    yield tarEnd();
  }

  const gzip = Readable.from(entries()).pipe(createGzip());
  return { store, filename: `${store.name.replace(/[^\w.-]+/g, "_") || store.id}.tar.gz`, stream: gzip };
}
