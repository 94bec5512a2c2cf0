import "server-only";
import { getDb } from "../db/client";

/**
 * The demo writes a session's memory in a few milliseconds of seed time, but the session says it
 * ran days ago for half an hour. This spreads the session's versions and reads evenly over its
 * [start, end], in the order they happened, so the console never shows a session "started 10 days
 * ago" whose writes were "3 minutes ago". The audit log keeps the real seed times (it is
 * hash-chained and never edited).
 */
export async function retimeSession(workspaceId: string, sessionId: string, start: Date, end: Date) {
  const { db } = await getDb();
  const where = { workspaceId, sessionId };
  const [versions, reads] = await Promise.all([
    db.memoryVersion.findMany({ where, select: { id: true }, orderBy: { id: "asc" } }),
    db.memoryRead.findMany({ where, select: { id: true }, orderBy: { id: "asc" } }),
  ]);
  // Ids are time-ordered: merging both lists by id keeps reads and writes in their real order.
  const all = [...versions.map((v) => ({ id: v.id, kind: "version" as const })), ...reads.map((r) => ({ id: r.id, kind: "read" as const }))].sort((a, b) =>
    a.id.slice(a.id.indexOf("_")) < b.id.slice(b.id.indexOf("_")) ? -1 : 1,
  );
  const span = end.getTime() - start.getTime();
  for (const [index, item] of all.entries()) {
    const createdAt = new Date(start.getTime() + Math.round(((index + 1) / (all.length + 1)) * span));
    if (item.kind === "version") await db.memoryVersion.update({ where: { id: item.id, workspaceId }, data: { createdAt } });
    else await db.memoryRead.update({ where: { id: item.id, workspaceId }, data: { createdAt } });
  }
}

/** Each memory's created and updated times from its first and newest versions, after retiming. */
export async function retimeMemories(workspaceId: string) {
  const { db } = await getDb();
  const memories = await db.memory.findMany({ where: { workspaceId }, select: { id: true } });
  for (const memory of memories) {
    const [first, last] = await Promise.all([
      db.memoryVersion.findFirst({ where: { workspaceId, memoryId: memory.id }, orderBy: { id: "asc" }, select: { createdAt: true } }),
      db.memoryVersion.findFirst({ where: { workspaceId, memoryId: memory.id }, orderBy: { id: "desc" }, select: { createdAt: true } }),
    ]);
    if (first && last) await db.memory.update({ where: { id: memory.id, workspaceId }, data: { createdAt: first.createdAt, updatedAt: last.createdAt } });
  }
}
