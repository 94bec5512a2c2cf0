import "server-only";
import { authorize } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, encodeCursor, type Page } from "../http/cursor";
import { notFound } from "../http/api-error";
import { previousVersions } from "./previous-versions";
import { readEvent, versionEvent, type TimelineEvent } from "./timeline-event";

export type TimelineInput = { limit: number; page?: string; diff: boolean };

type Cursor = { v: string; r: string };

// Version and read ids have different prefixes; their bodies sort by time.
const timeKey = (id: string) => id.slice(id.lastIndexOf("_") + 1);

/**
 * A session's memory events, oldest first: its versions and its reads merged by id (ids are
 * time-ordered). The cursor keeps one position per source, so pages never skip or repeat.
 */
export async function getSessionTimeline(ctx: RequestContext, sessionId: string, input: TimelineInput): Promise<Page<TimelineEvent>> {
  authorize(ctx, "sessions:read");
  const { db, dialect } = await getDb();
  const workspaceId = ctx.principal.workspaceId;
  const session = await db.session.findFirst({ where: { id: sessionId, workspaceId }, select: { agentId: true } });
  const foreign = ctx.principal.type === "api_key" && ctx.principal.keyKind === "agent" && session?.agentId !== ctx.principal.agentId;
  if (!session || foreign) throw notFound(`Session ${sessionId}`);

  const cursor = decodeCursor<Cursor>(input.page, ["v", "r"]);
  const [versions, reads] = await Promise.all([
    db.memoryVersion.findMany({
      where: { workspaceId, sessionId, ...(cursor?.v ? { id: { gt: cursor.v } } : {}) },
      orderBy: { id: "asc" },
      take: input.limit + 1,
    }),
    db.memoryRead.findMany({
      where: { workspaceId, sessionId, ...(cursor?.r ? { id: { gt: cursor.r } } : {}) },
      orderBy: { id: "asc" },
      take: input.limit + 1,
    }),
  ]);

  const merged = [...versions.map((row) => ({ kind: "version" as const, row })), ...reads.map((row) => ({ kind: "read" as const, row }))]
    .sort((a, b) => (timeKey(a.row.id) < timeKey(b.row.id) ? -1 : timeKey(a.row.id) > timeKey(b.row.id) ? 1 : 0))
    .slice(0, input.limit + 1);
  const more = merged.length > input.limit;
  const kept = merged.slice(0, input.limit);

  const keptVersions = kept.flatMap((item) => (item.kind === "version" ? [item.row] : []));
  const keptReads = kept.flatMap((item) => (item.kind === "read" ? [item.row] : []));
  const readVersionIds = [...new Set(keptReads.map((read) => read.versionId))];
  const [previous, readVersions] = await Promise.all([
    previousVersions(
      db,
      dialect,
      keptVersions.filter((v) => v.operation !== "created").map((v) => v.id),
    ),
    readVersionIds.length === 0
      ? []
      : db.memoryVersion.findMany({ where: { id: { in: readVersionIds } }, select: { id: true, redactedAt: true, sizeBytes: true } }),
  ]);
  const readVersionById = new Map(readVersions.map((v) => [v.id, v]));

  const data = kept.map((item) => {
    if (item.kind === "version") return versionEvent(item.row, previous.get(item.row.id), input.diff);
    const version = readVersionById.get(item.row.versionId);
    return readEvent(item.row, version?.redactedAt != null, version?.sizeBytes ?? null);
  });
  const lastVersion = keptVersions.at(-1)?.id ?? cursor?.v ?? "";
  const lastRead = keptReads.at(-1)?.id ?? cursor?.r ?? "";
  return { data, next_page: more ? encodeCursor({ v: lastVersion, r: lastRead }) : null };
}
