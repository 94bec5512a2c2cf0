import "server-only";
import { idBody } from "@/lib/ids";
import { unifiedDiff } from "@/lib/text-diff";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { readableStoresWhere } from "../auth/readable-stores";
import { getDb } from "../db/client";
import { findVisibleSession } from "../sessions/session-access";
import { previousVersions } from "./previous-versions";

/** A session writes far fewer versions than this; past it the answer says `truncated`. */
const MAX_VERSIONS = 5000;
/** Reads listed per file, the latest first. */
const MAX_READS = 20;

export type ChangeStatus = "created" | "modified" | "renamed" | "deleted" | "unchanged";

/**
 * What a session changed, file by file: the net change from the version before its first write
 * in the session to its last one (one diff per file, however many writes), and the reads the
 * session made before that file's last write (what it had seen when it wrote). Only stores the
 * reader may read now; redacted text is never diffed or named.
 */
export async function getSessionChanges(ctx: RequestContext, sessionId: string) {
  authorize(ctx, "sessions:read");
  await findVisibleSession(ctx.principal, sessionId);
  const { db, dialect } = await getDb();
  const where = { workspaceId: ctx.principal.workspaceId, sessionId, ...(await readableStoresWhere(ctx.principal)) };
  const [versions, reads] = await Promise.all([
    db.memoryVersion.findMany({ where, orderBy: { id: "asc" }, take: MAX_VERSIONS + 1 }),
    db.memoryRead.findMany({ where, orderBy: { id: "asc" }, take: MAX_VERSIONS + 1 }),
  ]);
  const truncated = versions.length > MAX_VERSIONS || reads.length > MAX_VERSIONS;
  const kept = versions.slice(0, MAX_VERSIONS);

  const byMemory = new Map<string, { first: (typeof kept)[number]; last: (typeof kept)[number]; writes: number }>();
  for (const version of kept) {
    const entry = byMemory.get(version.memoryId);
    if (entry) Object.assign(entry, { last: version, writes: entry.writes + 1 });
    else byMemory.set(version.memoryId, { first: version, last: version, writes: 1 });
  }
  const entries = [...byMemory.values()];
  const before = await previousVersions(
    db,
    dialect,
    entries.map((entry) => entry.first.id),
  );
  // Whether a read's version is redacted (its path is then not shown).
  const readVersionIds = [...new Set(reads.map((read) => read.versionId))];
  const redactedReads = new Set(
    readVersionIds.length === 0
      ? []
      : (await db.memoryVersion.findMany({ where: { id: { in: readVersionIds }, redactedAt: { not: null } }, select: { id: true } })).map((v) => v.id),
  );

  // Newest first: the file the session touched last leads.
  const data = entries.reverse().map(({ first, last, writes }) => {
    const previous = before.get(first.id);
    // A tombstone (deleted, not redacted) has no content: the file did not exist before the session.
    const existedBefore = previous !== undefined && (previous.redacted || previous.content !== null);
    const redacted = last.redactedAt !== null || (existedBefore && previous.redacted);
    const oldText = existedBefore ? (previous.content ?? "") : "";
    const newText = last.operation === "deleted" ? "" : (last.content ?? "");
    const moved = existedBefore && !previous.redacted && last.path !== null && previous.path !== last.path;
    const status: ChangeStatus =
      last.operation === "deleted" ? "deleted" : !existedBefore ? "created" : redacted || oldText !== newText ? "modified" : moved ? "renamed" : "unchanged";
    const diff = redacted
      ? null
      : unifiedDiff(oldText, newText, {
          oldPath: existedBefore ? `a${previous.path}` : "/dev/null",
          newPath: last.operation === "deleted" ? "/dev/null" : `b${last.path}`,
        });
    const seen = reads
      .filter((read) => idBody(read.id) < idBody(last.id))
      .reverse()
      .slice(0, MAX_READS)
      .map((read) => ({
        memory_store_id: read.storeId,
        memory_id: read.memoryId,
        path: redactedReads.has(read.versionId) ? null : read.path,
        memory_version_id: read.versionId,
        created_at: read.createdAt.toISOString(),
      }));
    return {
      memory_store_id: last.storeId,
      memory_id: last.memoryId,
      path: last.redactedAt !== null ? null : last.path,
      previous_path: moved ? previous.path : null,
      status,
      write_count: writes,
      before_version_id: existedBefore ? previous.id : null,
      after_version_id: last.id,
      redacted,
      diff,
      reads_before: seen,
      changed_at: last.createdAt.toISOString(),
    };
  });
  return { data, truncated };
}
