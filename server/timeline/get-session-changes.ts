import "server-only";
import { visiblePath } from "../redaction/visible-fields";
import { idBody } from "@/lib/ids";
import { unifiedDiff } from "@/lib/text-diff";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { readableStoresWhere } from "../auth/readable-stores";
import { readGate } from "../auth/store-policy";
import { getDb, type Db } from "../db/client";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { findVisibleSession } from "../sessions/session-access";
import { previousVersions } from "./previous-versions";

/** A session writes far fewer versions than this; past it the answer says `truncated`. */
const MAX_VERSIONS = 5000;
/** Reads listed per file, the latest first. */
const MAX_READS = 20;

export type ChangeStatus = "created" | "modified" | "renamed" | "deleted" | "unchanged";
export type SessionChangesInput = { limit: number; page?: string };

/**
 * What a session changed, file by file: the net change from the version before its first write
 * in the session to its last one (one diff per file, however many writes), and the reads the
 * session made before that file's last write (what it had seen when it wrote). Files come newest
 * first in cursor pages; only a page's files have their text loaded and diffed. Only stores (and,
 * for a path-scoped key, paths) the reader may read now; redacted text is never diffed or named.
 */
export async function getSessionChanges(ctx: RequestContext, sessionId: string, input: SessionChangesInput) {
  authorize(ctx, "sessions:read");
  await findVisibleSession(ctx.principal, sessionId);
  const { db, dialect } = await getDb();
  const cursor = decodeCursor(input.page, { before: "string" });
  const workspaceId = ctx.principal.workspaceId;
  const where = { workspaceId, sessionId, ...(await readableStoresWhere(ctx.principal)) };
  // Everything but the text: which files, in which order, and what was read when.
  const [versions, reads] = await Promise.all([
    db.memoryVersion.findMany({
      where,
      orderBy: { id: "asc" },
      take: MAX_VERSIONS + 1,
      select: { id: true, storeId: true, memoryId: true, operation: true, path: true, redactedAt: true, createdAt: true },
    }),
    db.memoryRead.findMany({
      where,
      orderBy: { id: "asc" },
      take: MAX_VERSIONS + 1,
      select: { id: true, storeId: true, memoryId: true, versionId: true, path: true, createdAt: true },
    }),
  ]);
  const truncated = versions.length > MAX_VERSIONS || reads.length > MAX_VERSIONS;
  const gates = new Map(
    await Promise.all([...new Set([...versions, ...reads].map((row) => row.storeId))].map(async (id) => [id, await readGate(ctx.principal, id)] as const)),
  );
  const mayRead = (storeId: string, path: string | null) => gates.get(storeId)?.(path) ?? true;

  type Written = (typeof versions)[number];
  const byMemory = new Map<string, { first: Written; last: Written; writes: number }>();
  for (const version of versions.slice(0, MAX_VERSIONS)) {
    const entry = byMemory.get(version.memoryId);
    if (entry) Object.assign(entry, { last: version, writes: entry.writes + 1 });
    else byMemory.set(version.memoryId, { first: version, last: version, writes: 1 });
  }
  // Newest first: the file the session touched last leads. A page starts below the cursor's last write.
  const all = [...byMemory.values()]
    .filter((entry) => mayRead(entry.last.storeId, entry.last.path) && (!cursor || entry.last.id < cursor.before))
    .sort((a, b) => (a.last.id < b.last.id ? 1 : -1));
  const entries = all.slice(0, input.limit);
  const next_page = all.length > input.limit ? encodeCursor({ before: entries.at(-1)!.last.id }) : null;

  const [before, lastContent, redactedReads] = await Promise.all([
    previousVersions(
      db,
      dialect,
      workspaceId,
      entries.map((entry) => entry.first.id),
    ),
    entries.length === 0
      ? []
      : db.memoryVersion.findMany({ where: { workspaceId, id: { in: entries.map((entry) => entry.last.id) } }, select: { id: true, content: true } }),
    redactedVersionIds(db, workspaceId, [...new Set(reads.map((read) => read.versionId))]),
  ]);
  const contentOf = new Map(lastContent.map((version) => [version.id, version.content]));
  const shownReads = reads.filter((read) => mayRead(read.storeId, read.path));

  const data = entries.map(({ first, last, writes }) => {
    const previous = before.get(first.id);
    // A tombstone (deleted, not redacted) has no content: the file did not exist before the session.
    const existedBefore = previous !== undefined && (previous.redacted || previous.content !== null);
    const redacted = last.redactedAt !== null || (existedBefore && previous.redacted);
    const oldText = existedBefore ? (previous.content ?? "") : "";
    const newText = last.operation === "deleted" ? "" : (contentOf.get(last.id) ?? "");
    // A path the reader may not read is not named, not even as where the file came from.
    const previousPath = existedBefore && !previous.redacted && mayRead(last.storeId, previous.path) ? previous.path : last.path;
    const moved = previousPath !== null && last.path !== null && previousPath !== last.path;
    const status: ChangeStatus =
      last.operation === "deleted" ? "deleted" : !existedBefore ? "created" : redacted || oldText !== newText ? "modified" : moved ? "renamed" : "unchanged";
    const diff = redacted
      ? null
      : unifiedDiff(oldText, newText, {
          oldPath: existedBefore ? `a${previousPath}` : "/dev/null",
          newPath: last.operation === "deleted" ? "/dev/null" : `b${last.path}`,
        });
    const seen = shownReads
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
      path: visiblePath(last),
      previous_path: moved ? previousPath : null,
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
  return { data, next_page, truncated };
}

/** Which of these versions are redacted (a read of one does not name its path). */
async function redactedVersionIds(db: Db, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.memoryVersion.findMany({ where: { workspaceId, id: { in: ids }, redactedAt: { not: null } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}
