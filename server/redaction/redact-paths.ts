import "server-only";
import { parseMemoryPath } from "@/lib/memory-path";
import type { RequestContext } from "../auth/principal";
import { redactAuditEventData, type AuditData } from "../audit/redact-audit-event-data";
import type { Tx } from "../db/client";
import type { TxContext } from "../db/transaction";
import { badRequest } from "../http/api-error";
import { commitVersion } from "../memory/commit-version";
import { maskMatch, replaceMatches } from "./mask";
import { pathSpans, type Expand } from "./redaction-spans";
import type { TextPattern } from "./text-pattern";

const BATCH = 500;
const MARKER = "[REDACTED]";

/** A path rewritten: what it shows masked, and what it becomes. */
export type PathChange = { memory_id: string; store_id: string; before: string; after: string };

/** The rewrite of one path, or null when the pattern does not match it. */
type Rewrite = (path: string) => { after: string; removed: string[]; masked: string } | null;

function rewriter(pattern: TextPattern, expand: Expand | undefined, marker = MARKER): Rewrite {
  return (path) => {
    const spans = pathSpans(path, pattern.find([path])[0], expand);
    if (spans.length === 0) return null;
    return {
      after: replaceMatches(path, spans, marker),
      removed: spans.map((s) => path.slice(s.start, s.end)),
      masked: replaceMatches(path, spans, maskMatch),
    };
  };
}

/** A path with every match masked, as search results and dry runs show it (unchanged when nothing matches). */
/** A path with the pattern's matches replaced by the marker (and what was removed), or null when it does not match. */
export const redactedPath = (pattern: TextPattern, path: string, expand?: Expand) => rewriter(pattern, expand)(path);

export function maskPath(pattern: TextPattern, path: string | null, expand?: Expand): string | null {
  return path === null ? null : (rewriter(pattern, expand)(path)?.masked ?? path);
}

/**
 * A literal query the database can pre-filter paths and audit data by (a superset: SQLite's LIKE
 * ignores ASCII case; the match itself is decided here). Regexes, and literals that JSON would
 * escape inside audit data, scan every row.
 */
function prefilter(pattern: TextPattern): string | undefined {
  return !pattern.regex && JSON.stringify(pattern.source) === `"${pattern.source}"` ? pattern.source : undefined;
}

/** Every distinct path of the stores' memories and versions that the pattern matches, per memory. */
export async function planPathRedaction(
  db: Tx,
  workspaceId: string,
  pattern: TextPattern,
  storeIds: string[],
  expand: Expand | undefined,
): Promise<PathChange[]> {
  const rewrite = rewriter(pattern, expand);
  const seen = new Map<string, PathChange>();
  const note = (memoryId: string, storeId: string, path: string | null) => {
    const key = `${memoryId}\n${path}`;
    if (path === null || seen.has(key)) return;
    const hit = rewrite(path);
    if (hit) seen.set(key, { memory_id: memoryId, store_id: storeId, before: hit.masked, after: hit.after });
  };
  for await (const m of batches((cursor) =>
    db.memory.findMany({ where: { workspaceId, storeId: { in: storeIds }, ...pathFilter(pattern, "path"), ...cursor }, orderBy: { id: "asc" }, take: BATCH }),
  ))
    note(m.id, m.storeId, m.path);
  for await (const v of versionsWithPaths(db, workspaceId, pattern, storeIds)) {
    note(v.memoryId, v.storeId, v.path);
    note(v.memoryId, v.storeId, v.previousPath);
  }
  return [...seen.values()];
}

/**
 * Text redaction of paths, inside the redaction's transaction (which holds the workspace lock):
 * a live memory whose path matches is renamed (a new version, cause "redaction"), then every
 * stored copy of a matching path is rewritten — versions' path and previous_path, memories
 * (deleted ones too), reads, and the path fields of audit event data (through
 * redactAuditEventData, so the chain still verifies). Exports and the event replay read these.
 */
export async function applyPathRedaction(
  t: TxContext,
  ctx: RequestContext,
  pattern: TextPattern,
  storeIds: string[],
  expand: Expand | undefined,
  redactionId: string,
) {
  const { tx } = t;
  const workspaceId = ctx.principal.workspaceId;
  const rewrite = rewriter(pattern, expand);
  const removed = new Set<string>();
  const renamed: { memory_id: string; store_id: string; version_id: string }[] = [];
  const rewritePath = (path: string) => {
    const hit = rewrite(path);
    if (!hit) return null;
    for (const text of hit.removed) removed.add(text);
    return hit.after;
  };

  const live = await tx.memory.findMany({ where: { workspaceId, storeId: { in: storeIds }, deletedAt: null, ...pathFilter(pattern, "path") } });
  const taken = new Set<string>();
  for (const memory of live) {
    if (!rewritePath(memory.path)) continue;
    const path = await freePath(tx, memory, pattern, expand, taken);
    const { version } = await commitVersion(t, ctx, {
      storeId: memory.storeId,
      memory,
      operation: "modified",
      cause: "redaction",
      content: memory.content,
      path,
      audit: { data: { redaction_id: redactionId } },
    });
    renamed.push({ memory_id: memory.id, store_id: memory.storeId, version_id: version.id });
  }

  const versionIds: string[] = [];
  for await (const v of versionsWithPaths(tx, workspaceId, pattern, storeIds)) {
    const path = v.path === null ? null : rewritePath(v.path);
    const previousPath = v.previousPath === null ? null : rewritePath(v.previousPath);
    if (path === null && previousPath === null) continue;
    await tx.memoryVersion.update({ where: { id: v.id, workspaceId }, data: { ...(path ? { path } : {}), ...(previousPath ? { previousPath } : {}) } });
    versionIds.push(v.id);
  }
  const memories = await tx.memory.findMany({
    where: { workspaceId, storeId: { in: storeIds }, ...pathFilter(pattern, "path") },
    select: { id: true, path: true },
  });
  for (const m of memories) {
    const path = rewritePath(m.path);
    if (path) await tx.memory.update({ where: { id: m.id, workspaceId }, data: { path } });
  }
  const reads = await tx.memoryRead.findMany({
    where: { workspaceId, storeId: { in: storeIds }, ...pathFilter(pattern, "path") },
    select: { id: true, path: true },
  });
  for (const r of reads) {
    const path = rewritePath(r.path);
    if (path) await tx.memoryRead.update({ where: { id: r.id, workspaceId }, data: { path } });
  }
  const auditEvents = await redactAuditPaths(tx, ctx, storeIds, pattern, (path) => rewritePath(path));
  return { removed: [...removed], renamed, versionIds, auditEvents };
}

/**
 * After a whole-version redaction: a path that no memory, version or other version's
 * previous_path still holds is removed from reads and audit event data too.
 */
export async function forgetOrphanPaths(tx: Tx, ctx: RequestContext, storeId: string, paths: string[]) {
  const workspaceId = ctx.principal.workspaceId;
  for (const path of new Set(paths)) {
    const holders =
      (await tx.memory.count({ where: { workspaceId, storeId, path } })) +
      (await tx.memoryVersion.count({ where: { workspaceId, storeId, OR: [{ path }, { previousPath: path }] } }));
    if (holders > 0) continue;
    await tx.memoryRead.updateMany({ where: { workspaceId, storeId, path }, data: { path: MARKER } });
    const exact: TextPattern = { regex: false, source: path, find: (texts) => texts.map((text) => (text === path ? [{ start: 0, end: text.length }] : [])) };
    await redactAuditPaths(tx, ctx, [storeId], exact, (value) => (value === path ? MARKER : null));
  }
}

/** Rewrites the path fields (`path`, `*_path`, `paths`, `*_paths`) of the stores' audit events; returns how many changed. */
async function redactAuditPaths(tx: Tx, ctx: RequestContext, storeIds: string[], pattern: TextPattern, rewritePath: (path: string) => string | null) {
  const contains = prefilter(pattern);
  let changed = 0;
  for await (const row of batches((cursor) =>
    tx.auditEvent.findMany({
      where: { workspaceId: ctx.principal.workspaceId, storeId: { in: storeIds }, ...(contains ? { data: { contains } } : {}), ...cursor },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, data: true },
    }),
  )) {
    let data: AuditData;
    try {
      data = JSON.parse(row.data) as AuditData;
    } catch {
      continue;
    }
    const next = rewriteData(data, rewritePath);
    if (next && (await redactAuditEventData(tx, ctx, row.id, () => next))) changed++;
  }
  return changed;
}

const isPathKey = (key: string) => key === "path" || key.endsWith("_path");
const isPathsKey = (key: string) => key === "paths" || key.endsWith("_paths");

/** The data with its path fields rewritten, or null when none matched. */
function rewriteData(data: AuditData, rewritePath: (path: string) => string | null): AuditData | null {
  let changed = false;
  const out: AuditData = {};
  for (const [key, value] of Object.entries(data)) {
    if (isPathKey(key) && typeof value === "string") {
      const next = rewritePath(value);
      if (next !== null) changed = true;
      out[key] = next ?? value;
    } else if (isPathsKey(key) && Array.isArray(value)) {
      out[key] = value.map((item) => {
        const next = typeof item === "string" ? rewritePath(item) : null;
        if (next !== null) changed = true;
        return next ?? item;
      });
    } else out[key] = value;
  }
  return changed ? out : null;
}

/** The redacted path for a live memory, numbered ("[REDACTED-2]") when another live memory already has it. */
async function freePath(
  tx: Tx,
  { workspaceId, storeId, path }: { workspaceId: string; storeId: string; path: string },
  pattern: TextPattern,
  expand: Expand | undefined,
  taken: Set<string>,
): Promise<string> {
  for (let n = 1; n <= 100; n++) {
    const candidate = rewriter(pattern, expand, n === 1 ? MARKER : `[REDACTED-${n}]`)(path)!.after;
    const key = `${storeId}\n${candidate}`;
    if (taken.has(key)) continue;
    const parsed = parseMemoryPath(candidate);
    if (!parsed.ok) throw badRequest(`Redacting the path of a memory would leave an invalid path: ${parsed.message}`);
    if (await tx.memory.findFirst({ where: { workspaceId, storeId, livePath: candidate }, select: { id: true } })) continue;
    taken.add(key);
    return candidate;
  }
  throw badRequest("Redacting the paths would give more than 100 memories the same path; redact fewer at a time.");
}

const pathFilter = (pattern: TextPattern, field: "path") => {
  const contains = prefilter(pattern);
  return contains ? { [field]: { contains } } : {};
};

function versionsWithPaths(db: Tx, workspaceId: string, pattern: TextPattern, storeIds: string[]) {
  const contains = prefilter(pattern);
  return batches((cursor) =>
    db.memoryVersion.findMany({
      where: {
        workspaceId,
        storeId: { in: storeIds },
        ...(contains ? { OR: [{ path: { contains } }, { previousPath: { contains } }] } : { OR: [{ path: { not: null } }, { previousPath: { not: null } }] }),
        ...cursor,
      },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, memoryId: true, storeId: true, path: true, previousPath: true },
    }),
  );
}

/** Rows of a query, page by page by id. */
async function* batches<T extends { id: string }>(page: (cursor: { id?: { gt: string } }) => Promise<T[]>): AsyncGenerator<T> {
  let after: string | undefined;
  for (;;) {
    const rows = await page(after ? { id: { gt: after } } : {});
    yield* rows;
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1].id;
  }
}
