import "server-only";
import { idBody } from "@/lib/ids";
import { versionRedactions } from "../redaction/version-redactions";
import { authorize } from "../auth/authorize";
import { readableStoresWhere } from "../auth/readable-stores";
import { readGate } from "../auth/store-policy";
import type { RequestContext } from "../auth/principal";
import { getDb } from "../db/client";
import { decodeCursor, encodeCursor, type Page } from "../http/cursor";
import { notFound } from "../http/api-error";
import { previousVersions } from "./previous-versions";
import { readEvent, versionEvent, type TimelineEvent } from "./timeline-event";

export type TimelineInput = { limit: number; page?: string; diff: boolean };

// Version and read ids have different prefixes; their bodies sort by time.
const timeKey = idBody;

/**
 * A session's memory events, oldest first: its versions and its reads merged by id (ids are
 * time-ordered), in the stores the reader may read. The cursor keeps one position per source,
 * so pages never skip or repeat.
 */
export async function getSessionTimeline(ctx: RequestContext, sessionId: string, input: TimelineInput): Promise<Page<TimelineEvent>> {
  authorize(ctx, "sessions:read");
  const { db, dialect } = await getDb();
  const workspaceId = ctx.principal.workspaceId;
  const session = await db.session.findFirst({ where: { id: sessionId, workspaceId }, select: { agentId: true } });
  const foreign = ctx.principal.type === "api_key" && ctx.principal.keyKind === "agent" && session?.agentId !== ctx.principal.agentId;
  if (!session || foreign) throw notFound(`Session ${sessionId}`);

  const cursor = decodeCursor(input.page, { v: "string", r: "string" });
  // Only events in stores the reader may read now: a removed grant hides that store's history here too.
  const readable = await readableStoresWhere(ctx.principal);
  const [versions, reads] = await Promise.all([
    db.memoryVersion.findMany({
      where: { workspaceId, sessionId, ...readable, ...(cursor?.v ? { id: { gt: cursor.v } } : {}) },
      orderBy: { id: "asc" },
      take: input.limit + 1,
    }),
    db.memoryRead.findMany({
      where: { workspaceId, sessionId, ...readable, ...(cursor?.r ? { id: { gt: cursor.r } } : {}) },
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
      workspaceId,
      keptVersions.filter((v) => v.operation !== "created").map((v) => v.id),
    ),
    readVersionIds.length === 0
      ? []
      : db.memoryVersion.findMany({ where: { workspaceId, id: { in: readVersionIds } }, select: { id: true, redactedAt: true, sizeBytes: true } }),
  ]);
  const readVersionById = new Map(readVersions.map((v) => [v.id, v]));
  const redactions = await versionRedactions(
    db,
    keptVersions.map((v) => v.id),
  );

  // A path-scoped key sees only events at paths it may read now (the cursor still covers every row).
  const gates = new Map(
    await Promise.all([...new Set(kept.map((item) => item.row.storeId))].map(async (id) => [id, await readGate(ctx.principal, id)] as const)),
  );
  const shown = kept.filter((item) => gates.get(item.row.storeId)?.(item.row.path) ?? true);
  const data = shown.map((item) => {
    if (item.kind === "version") return versionEvent(item.row, previous.get(item.row.id), input.diff, redactions.get(item.row.id) ?? null);
    const version = readVersionById.get(item.row.versionId);
    return readEvent(item.row, version?.redactedAt != null, version?.sizeBytes ?? null);
  });
  const lastVersion = keptVersions.at(-1)?.id ?? cursor?.v ?? "";
  const lastRead = keptReads.at(-1)?.id ?? cursor?.r ?? "";
  return { data, next_page: more ? encodeCursor({ v: lastVersion, r: lastRead }) : null };
}
